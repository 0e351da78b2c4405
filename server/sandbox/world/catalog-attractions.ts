/**
 * Who performs in the sandbox world. Clubs and teams are real (fixtures and dates are invented); every
 * artist and show is fictional, so nothing implies a real artist's real tour.
 */
import type { ClassificationKey } from "./classifications";
import type { CountryCode } from "./catalog-places";

export interface TeamSeed {
  name: string;
  /** Short form used in add-on event names ("SUITE: Lakers vs. Celtics"). */
  short: string;
  /** Key of the home ground in catalog-places. */
  home: string;
}

export const PREMIER_LEAGUE_CLUBS: TeamSeed[] = [
  { name: "Arsenal", short: "Arsenal", home: "arsenal" },
  { name: "Aston Villa", short: "Villa", home: "villa" },
  { name: "AFC Bournemouth", short: "Bournemouth", home: "bournemouth" },
  { name: "Brentford", short: "Brentford", home: "brentford" },
  { name: "Brighton & Hove Albion", short: "Brighton", home: "brighton" },
  { name: "Burnley", short: "Burnley", home: "burnley" },
  { name: "Chelsea", short: "Chelsea", home: "chelsea" },
  { name: "Crystal Palace", short: "Palace", home: "palace" },
  { name: "Everton", short: "Everton", home: "everton" },
  { name: "Fulham", short: "Fulham", home: "fulham" },
  { name: "Leeds United", short: "Leeds", home: "leeds" },
  { name: "Liverpool", short: "Liverpool", home: "liverpool" },
  { name: "Manchester City", short: "Man City", home: "mancity" },
  { name: "Manchester United", short: "Man Utd", home: "manutd" },
  { name: "Newcastle United", short: "Newcastle", home: "newcastle" },
  { name: "Nottingham Forest", short: "Forest", home: "forest" },
  { name: "Sunderland", short: "Sunderland", home: "sunderland" },
  { name: "Tottenham Hotspur", short: "Spurs", home: "spurs" },
  { name: "West Ham United", short: "West Ham", home: "westham" },
  { name: "Wolverhampton Wanderers", short: "Wolves", home: "wolves" },
];

export const NBA_TEAMS: TeamSeed[] = [
  { name: "Los Angeles Lakers", short: "Lakers", home: "lakers" },
  { name: "Boston Celtics", short: "Celtics", home: "celtics" },
  { name: "New York Knicks", short: "Knicks", home: "knicks" },
  { name: "Golden State Warriors", short: "Warriors", home: "warriors" },
  { name: "Chicago Bulls", short: "Bulls", home: "bulls" },
  { name: "Denver Nuggets", short: "Nuggets", home: "nuggets" },
  { name: "Oklahoma City Thunder", short: "Thunder", home: "thunder" },
  { name: "Dallas Mavericks", short: "Mavericks", home: "mavericks" },
];

export const NFL_TEAMS: TeamSeed[] = [
  { name: "Kansas City Chiefs", short: "Chiefs", home: "chiefs" },
  { name: "Dallas Cowboys", short: "Cowboys", home: "cowboys" },
  { name: "Green Bay Packers", short: "Packers", home: "packers" },
  { name: "New England Patriots", short: "Patriots", home: "patriots" },
  { name: "Philadelphia Eagles", short: "Eagles", home: "eagles" },
  { name: "Chicago Bears", short: "Bears", home: "bears" },
  { name: "Las Vegas Raiders", short: "Raiders", home: "raiders" },
  { name: "Denver Broncos", short: "Broncos", home: "broncos" },
];

export interface ArtistSeed {
  name: string;
  tour: string;
  genre: ClassificationKey;
  /** Venue keys the tour plays, in order. */
  venues: string[];
}

/** Fictional artists. */
export const ARTISTS: ArtistSeed[] = [
  { name: "The Paper Lanterns", tour: "Glow In The Dark Tour", genre: "rock", venues: ["o2", "ao-arena", "3arena", "uber-arena", "msg-theater"] },
  { name: "Mira Vale", tour: "Northern Hours", genre: "pop", venues: ["wembley-arena", "3arena", "lanxess", "hollywood-bowl", "long-beach"] },
  { name: "Northbound Static", tour: "Signal Fire Tour", genre: "rock", venues: ["ao-arena", "o2", "barclays-hamburg", "red-rocks"] },
  { name: "Velvet Harbour", tour: "Low Tide", genre: "folk", venues: ["olympia-dublin", "ryman", "drury-lane", "theater-des-westens"] },
  { name: "DJ Kestrel", tour: "Kestrel All Night Long", genre: "electronic", venues: ["uber-arena", "o2", "3arena", "long-beach", "lanxess"] },
  { name: "Juniper & The Quiet Storm", tour: "Weathervane", genre: "folk", venues: ["ryman", "olympia-dublin", "red-rocks"] },
  { name: "Kaito Blue", tour: "Neon Meridian", genre: "pop", venues: ["msg-theater", "hollywood-bowl", "wembley-arena", "barclays-hamburg"] },
  { name: "Hollow Pines", tour: "Evergreen Nights", genre: "rock", venues: ["red-rocks", "ryman", "3arena"] },
  { name: "Los Satélites Fríos", tour: "Órbita Baja", genre: "electronic", venues: ["long-beach", "hollywood-bowl", "uber-arena"] },
  { name: "The Brass Cartographers", tour: "Maps & Marches", genre: "classical", venues: ["lyceum", "theater-des-westens", "bord-gais"] },
  { name: "Saffron Echo", tour: "Second Sunrise", genre: "pop", venues: ["o2", "ao-arena", "lanxess", "msg-theater"] },
  { name: "Greyhound Choir", tour: "Long Road Home", genre: "folk", venues: ["olympia-dublin", "ao-arena", "ryman"] },
];

export interface ShowSeed {
  name: string;
  genre: ClassificationKey;
  venue: string;
  countryCode: CountryCode;
}

/** Fictional theatre productions and comedy nights. */
export const SHOWS: ShowSeed[] = [
  { name: "The Lighthouse Keeper's Daughter", genre: "theatre", venue: "lyceum", countryCode: "GB" },
  { name: "Brass & Bones: A New Musical", genre: "musical", venue: "drury-lane", countryCode: "GB" },
  { name: "Midnight at the Aurora Hotel", genre: "musical", venue: "broadway-st-james", countryCode: "US" },
  { name: "The Cartographer's Wife", genre: "theatre", venue: "bord-gais", countryCode: "IE" },
  { name: "Das Gläserne Orchester", genre: "musical", venue: "theater-des-westens", countryCode: "DE" },
  { name: "Quiet Rooms", genre: "theatre", venue: "olympia-dublin", countryCode: "IE" },
  { name: "Laugh Track Live", genre: "comedy", venue: "wembley-arena", countryCode: "GB" },
];
