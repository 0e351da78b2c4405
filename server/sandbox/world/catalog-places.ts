/**
 * Real venues the sandbox world uses (names, cities, approximate coordinates). Market and DMA ids are
 * illustrative, in Discovery's style; nothing here claims to be Ticketmaster's own record.
 */

export type CountryCode = "GB" | "US" | "IE" | "DE";

export interface PlaceSeed {
  key: string;
  name: string;
  city: string;
  countryCode: CountryCode;
  stateCode?: string;
  stateName?: string;
  postalCode: string;
  address: string;
  latitude: number;
  longitude: number;
  timezone: string;
  dmaId: number;
  market: { id: string; name: string };
}

const LONDON = { dmaId: 602, market: { id: "202", name: "London (UK)" }, timezone: "Europe/London", countryCode: "GB" as const };
const NORTH_WEST = { dmaId: 606, market: { id: "206", name: "North West (UK)" }, timezone: "Europe/London", countryCode: "GB" as const };
const MIDLANDS = { dmaId: 604, market: { id: "204", name: "Midlands (UK)" }, timezone: "Europe/London", countryCode: "GB" as const };
const NORTH_EAST = { dmaId: 607, market: { id: "207", name: "North East (UK)" }, timezone: "Europe/London", countryCode: "GB" as const };
const SOUTH = { dmaId: 603, market: { id: "203", name: "South (UK)" }, timezone: "Europe/London", countryCode: "GB" as const };
const IRELAND = { dmaId: 610, market: { id: "208", name: "Ireland" }, timezone: "Europe/Dublin", countryCode: "IE" as const };
const GERMANY = { dmaId: 613, market: { id: "211", name: "Germany" }, timezone: "Europe/Berlin", countryCode: "DE" as const };

/** Premier League grounds, keyed by club. */
export const FOOTBALL_GROUNDS: PlaceSeed[] = [
  { key: "arsenal", name: "Emirates Stadium", city: "London", postalCode: "N5 1BU", address: "Hornsey Road", latitude: 51.5549, longitude: -0.1084, ...LONDON },
  { key: "villa", name: "Villa Park", city: "Birmingham", postalCode: "B6 6HE", address: "Trinity Road", latitude: 52.5092, longitude: -1.8848, ...MIDLANDS },
  { key: "bournemouth", name: "Vitality Stadium", city: "Bournemouth", postalCode: "BH7 7AF", address: "Dean Court, Kings Park", latitude: 50.7352, longitude: -1.8383, ...SOUTH },
  { key: "brentford", name: "Gtech Community Stadium", city: "Brentford", postalCode: "TW8 0RU", address: "Lionel Road South", latitude: 51.4907, longitude: -0.2889, ...LONDON },
  { key: "brighton", name: "American Express Stadium", city: "Brighton", postalCode: "BN1 9BL", address: "Village Way", latitude: 50.8616, longitude: -0.0837, ...SOUTH },
  { key: "burnley", name: "Turf Moor", city: "Burnley", postalCode: "BB10 4BX", address: "Harry Potts Way", latitude: 53.789, longitude: -2.2302, ...NORTH_WEST },
  { key: "chelsea", name: "Stamford Bridge", city: "London", postalCode: "SW6 1HS", address: "Fulham Road", latitude: 51.4817, longitude: -0.191, ...LONDON },
  { key: "palace", name: "Selhurst Park", city: "London", postalCode: "SE25 6PU", address: "Holmesdale Road", latitude: 51.3983, longitude: -0.0855, ...LONDON },
  { key: "everton", name: "Hill Dickinson Stadium", city: "Liverpool", postalCode: "L3 0BQ", address: "Bramley-Moore Dock", latitude: 53.4246, longitude: -3.0016, ...NORTH_WEST },
  { key: "fulham", name: "Craven Cottage", city: "London", postalCode: "SW6 6HH", address: "Stevenage Road", latitude: 51.4749, longitude: -0.2217, ...LONDON },
  { key: "leeds", name: "Elland Road", city: "Leeds", postalCode: "LS11 0ES", address: "Elland Road", latitude: 53.7778, longitude: -1.5721, ...NORTH_EAST },
  { key: "liverpool", name: "Anfield", city: "Liverpool", postalCode: "L4 0TH", address: "Anfield Road", latitude: 53.4308, longitude: -2.9608, ...NORTH_WEST },
  { key: "mancity", name: "Etihad Stadium", city: "Manchester", postalCode: "M11 3FF", address: "Etihad Campus", latitude: 53.4831, longitude: -2.2004, ...NORTH_WEST },
  { key: "manutd", name: "Old Trafford", city: "Manchester", postalCode: "M16 0RA", address: "Sir Matt Busby Way", latitude: 53.4631, longitude: -2.2913, ...NORTH_WEST },
  { key: "newcastle", name: "St James' Park", city: "Newcastle upon Tyne", postalCode: "NE1 4ST", address: "Barrack Road", latitude: 54.9756, longitude: -1.6217, ...NORTH_EAST },
  { key: "forest", name: "City Ground", city: "Nottingham", postalCode: "NG2 5FJ", address: "Pavilion Road", latitude: 52.94, longitude: -1.1328, ...MIDLANDS },
  { key: "sunderland", name: "Stadium of Light", city: "Sunderland", postalCode: "SR5 1SU", address: "Stadium Park", latitude: 54.9146, longitude: -1.3884, ...NORTH_EAST },
  { key: "spurs", name: "Tottenham Hotspur Stadium", city: "London", postalCode: "N17 0BX", address: "782 High Road", latitude: 51.6043, longitude: -0.0664, ...LONDON },
  { key: "westham", name: "London Stadium", city: "London", postalCode: "E20 2ST", address: "Queen Elizabeth Olympic Park", latitude: 51.5387, longitude: -0.0166, ...LONDON },
  { key: "wolves", name: "Molineux Stadium", city: "Wolverhampton", postalCode: "WV1 4QR", address: "Waterloo Road", latitude: 52.5902, longitude: -2.1304, ...MIDLANDS },
];

const us = (dmaId: number, marketId: string, marketName: string, timezone: string) => ({
  dmaId,
  market: { id: marketId, name: marketName },
  timezone,
  countryCode: "US" as const,
});

/** NBA arenas and NFL stadiums, keyed by team. */
export const US_SPORTS_VENUES: PlaceSeed[] = [
  { key: "lakers", name: "Crypto.com Arena", city: "Los Angeles", stateCode: "CA", stateName: "California", postalCode: "90015", address: "1111 S. Figueroa St.", latitude: 34.043, longitude: -118.2673, ...us(324, "27", "Los Angeles", "America/Los_Angeles") },
  { key: "celtics", name: "TD Garden", city: "Boston", stateCode: "MA", stateName: "Massachusetts", postalCode: "02114", address: "100 Legends Way", latitude: 42.3662, longitude: -71.0621, ...us(222, "11", "Boston", "America/New_York") },
  { key: "knicks", name: "Madison Square Garden", city: "New York", stateCode: "NY", stateName: "New York", postalCode: "10001", address: "4 Pennsylvania Plaza", latitude: 40.7505, longitude: -73.9934, ...us(345, "35", "New York/Tri-State", "America/New_York") },
  { key: "warriors", name: "Chase Center", city: "San Francisco", stateCode: "CA", stateName: "California", postalCode: "94158", address: "1 Warriors Way", latitude: 37.768, longitude: -122.3877, ...us(382, "41", "San Francisco Bay Area", "America/Los_Angeles") },
  { key: "bulls", name: "United Center", city: "Chicago", stateCode: "IL", stateName: "Illinois", postalCode: "60612", address: "1901 W. Madison St.", latitude: 41.8807, longitude: -87.6742, ...us(249, "3", "Chicagoland", "America/Chicago") },
  { key: "nuggets", name: "Ball Arena", city: "Denver", stateCode: "CO", stateName: "Colorado", postalCode: "80204", address: "1000 Chopper Circle", latitude: 39.7487, longitude: -105.0077, ...us(264, "6", "Denver", "America/Denver") },
  { key: "thunder", name: "Paycom Center", city: "Oklahoma City", stateCode: "OK", stateName: "Oklahoma", postalCode: "73102", address: "100 W. Reno Ave.", latitude: 35.4634, longitude: -97.5151, ...us(366, "38", "Oklahoma", "America/Chicago") },
  { key: "mavericks", name: "American Airlines Center", city: "Dallas", stateCode: "TX", stateName: "Texas", postalCode: "75219", address: "2500 Victory Ave.", latitude: 32.7905, longitude: -96.8103, ...us(261, "5", "Dallas - Fort Worth", "America/Chicago") },
  { key: "chiefs", name: "GEHA Field at Arrowhead Stadium", city: "Kansas City", stateCode: "MO", stateName: "Missouri", postalCode: "64129", address: "1 Arrowhead Dr.", latitude: 39.0489, longitude: -94.4839, ...us(616, "24", "Kansas City", "America/Chicago") },
  { key: "cowboys", name: "AT&T Stadium", city: "Arlington", stateCode: "TX", stateName: "Texas", postalCode: "76011", address: "1 AT&T Way", latitude: 32.7473, longitude: -97.0945, ...us(261, "5", "Dallas - Fort Worth", "America/Chicago") },
  { key: "packers", name: "Lambeau Field", city: "Green Bay", stateCode: "WI", stateName: "Wisconsin", postalCode: "54304", address: "1265 Lombardi Ave.", latitude: 44.5013, longitude: -88.0622, ...us(658, "54", "Wisconsin", "America/Chicago") },
  { key: "patriots", name: "Gillette Stadium", city: "Foxborough", stateCode: "MA", stateName: "Massachusetts", postalCode: "02035", address: "1 Patriot Pl.", latitude: 42.0909, longitude: -71.2643, ...us(222, "11", "Boston", "America/New_York") },
  { key: "eagles", name: "Lincoln Financial Field", city: "Philadelphia", stateCode: "PA", stateName: "Pennsylvania", postalCode: "19148", address: "1 Lincoln Financial Field Way", latitude: 39.9008, longitude: -75.1675, ...us(358, "36", "Philadelphia", "America/New_York") },
  { key: "bears", name: "Soldier Field", city: "Chicago", stateCode: "IL", stateName: "Illinois", postalCode: "60605", address: "1410 Special Olympics Dr.", latitude: 41.8623, longitude: -87.6167, ...us(249, "3", "Chicagoland", "America/Chicago") },
  { key: "raiders", name: "Allegiant Stadium", city: "Las Vegas", stateCode: "NV", stateName: "Nevada", postalCode: "89118", address: "3333 Al Davis Way", latitude: 36.0909, longitude: -115.1833, ...us(319, "26", "Las Vegas", "America/Los_Angeles") },
  { key: "broncos", name: "Empower Field at Mile High", city: "Denver", stateCode: "CO", stateName: "Colorado", postalCode: "80204", address: "1701 Bryant St.", latitude: 39.7439, longitude: -105.0201, ...us(264, "6", "Denver", "America/Denver") },
];

/** Concert and theatre venues in all four countries. */
export const ARTS_VENUES: PlaceSeed[] = [
  { key: "o2", name: "The O2", city: "London", postalCode: "SE10 0DX", address: "Peninsula Square", latitude: 51.503, longitude: 0.0032, ...LONDON },
  { key: "wembley-arena", name: "OVO Arena Wembley", city: "London", postalCode: "HA9 0AA", address: "Arena Square, Engineers Way", latitude: 51.558, longitude: -0.2797, ...LONDON },
  { key: "ao-arena", name: "AO Arena", city: "Manchester", postalCode: "M3 1AR", address: "Victoria Station Approach", latitude: 53.488, longitude: -2.244, ...NORTH_WEST },
  { key: "lyceum", name: "Lyceum Theatre", city: "London", postalCode: "WC2E 7RQ", address: "21 Wellington Street", latitude: 51.5115, longitude: -0.1199, ...LONDON },
  { key: "drury-lane", name: "Theatre Royal Drury Lane", city: "London", postalCode: "WC2B 5JF", address: "Catherine Street", latitude: 51.5129, longitude: -0.1204, ...LONDON },
  { key: "msg-theater", name: "Hulu Theater at Madison Square Garden", city: "New York", stateCode: "NY", stateName: "New York", postalCode: "10001", address: "4 Pennsylvania Plaza", latitude: 40.7505, longitude: -73.9934, ...us(345, "35", "New York/Tri-State", "America/New_York") },
  { key: "red-rocks", name: "Red Rocks Amphitheatre", city: "Morrison", stateCode: "CO", stateName: "Colorado", postalCode: "80465", address: "18300 W Alameda Pkwy", latitude: 39.6654, longitude: -105.2057, ...us(264, "6", "Denver", "America/Denver") },
  { key: "hollywood-bowl", name: "Hollywood Bowl", city: "Los Angeles", stateCode: "CA", stateName: "California", postalCode: "90068", address: "2301 N Highland Ave", latitude: 34.1122, longitude: -118.3391, ...us(324, "27", "Los Angeles", "America/Los_Angeles") },
  { key: "ryman", name: "Ryman Auditorium", city: "Nashville", stateCode: "TN", stateName: "Tennessee", postalCode: "37219", address: "116 5th Ave N", latitude: 36.1612, longitude: -86.7785, ...us(659, "34", "Nashville", "America/Chicago") },
  { key: "long-beach", name: "Long Beach Arena", city: " Long Beach", stateCode: "CA", stateName: "California", postalCode: "90802", address: "300 E Ocean Blvd", latitude: 33.7639, longitude: -118.1894, ...us(324, "27", "Los Angeles", "America/Los_Angeles") },
  { key: "broadway-st-james", name: "St. James Theatre", city: "New York", stateCode: "NY", stateName: "New York", postalCode: "10036", address: "246 W 44th St", latitude: 40.7589, longitude: -73.9881, ...us(345, "35", "New York/Tri-State", "America/New_York") },
  { key: "3arena", name: "3Arena", city: "Dublin", postalCode: "D01 T0X4", address: "North Wall Quay", latitude: 53.3475, longitude: -6.2286, ...IRELAND },
  { key: "olympia-dublin", name: "Olympia Theatre", city: "Dublin", postalCode: "D02 K037", address: "72 Dame Street", latitude: 53.3443, longitude: -6.266, ...IRELAND },
  { key: "bord-gais", name: "Bord Gáis Energy Theatre", city: "Dublin", postalCode: "D02 PA03", address: "Grand Canal Square", latitude: 53.3441, longitude: -6.2403, ...IRELAND },
  { key: "uber-arena", name: "Uber Arena", city: "Berlin", postalCode: "10243", address: "Uber-Platz 1", latitude: 52.5058, longitude: 13.4433, ...GERMANY },
  { key: "lanxess", name: "LANXESS arena", city: "Köln", postalCode: "50679", address: "Willy-Brandt-Platz 3", latitude: 50.9384, longitude: 6.9829, ...GERMANY },
  { key: "barclays-hamburg", name: "Barclays Arena", city: "Hamburg", postalCode: "22525", address: "Sylvesterallee 10", latitude: 53.5893, longitude: 9.899, ...GERMANY },
  { key: "theater-des-westens", name: "Theater des Westens", city: "Berlin", postalCode: "10623", address: "Kantstraße 12", latitude: 52.5058, longitude: 13.3283, ...GERMANY },
  { key: "allianz-arena", name: "Allianz Arena", city: "München", postalCode: "80939", address: "Werner-Heisenberg-Allee 25", latitude: 48.2188, longitude: 11.6247, ...GERMANY },
];
