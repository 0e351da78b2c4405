/**
 * `/classifications` and the segment/genre/sub-genre detail routes. The tree is derived from the
 * classifications the world's events and attractions carry, so a loaded world needs no separate taxonomy.
 */
import { buildNotFoundError, DiscoveryError } from "./error-bodies";
import { buildListEnvelope } from "./paging";
import { readPaging, readSort, readText } from "./params";
import type { RouteContext } from "./route-context";
import { CLASSIFICATION_SORTS, sortNamed } from "./sorting";
import { matchesWholeWords } from "./text-match";
import type { TmClassification } from "./types";
import type { WorldView } from "./world-state";

interface SubGenreNode {
  id: string;
  name: string;
  locale: string;
  _links: { self: { href: string } };
}

interface GenreNode extends Omit<SubGenreNode, "_links"> {
  _links: { self: { href: string } };
  _embedded: { subgenres: SubGenreNode[] };
}

interface SegmentNode extends Omit<SubGenreNode, "_links"> {
  _links: { self: { href: string } };
  _embedded: { genres: GenreNode[] };
}

interface ClassificationItem {
  _links: { self: { href: string } };
  segment: SegmentNode;
  family: boolean;
}

const treeCache = new WeakMap<WorldView, ClassificationItem[]>();

function buildLevelLinks(kind: string, id: string) {
  return { self: { href: `/discovery/v2/classifications/${kind}${id}?locale=en-us` } };
}

function addToTree(segments: Map<string, SegmentNode>, classification: TmClassification): void {
  const { segment, genre, subGenre } = classification;
  if (!segment) return;
  let segmentNode = segments.get(segment.id);
  if (!segmentNode) {
    segmentNode = { id: segment.id, name: segment.name, locale: "en-us", _links: buildLevelLinks("segments/", segment.id), _embedded: { genres: [] } };
    segments.set(segment.id, segmentNode);
  }
  if (!genre) return;
  let genreNode = segmentNode._embedded.genres.find((g) => g.id === genre.id);
  if (!genreNode) {
    genreNode = { id: genre.id, name: genre.name, locale: "en-us", _links: buildLevelLinks("genres/", genre.id), _embedded: { subgenres: [] } };
    segmentNode._embedded.genres.push(genreNode);
  }
  if (subGenre && !genreNode._embedded.subgenres.some((s) => s.id === subGenre.id)) {
    genreNode._embedded.subgenres.push({ id: subGenre.id, name: subGenre.name, locale: "en-us", _links: buildLevelLinks("subgenres/", subGenre.id) });
  }
}

function buildTree(view: WorldView): ClassificationItem[] {
  const cached = treeCache.get(view);
  if (cached) return cached;
  const segments = new Map<string, SegmentNode>();
  for (const event of view.events) for (const c of event.classifications ?? []) addToTree(segments, c);
  for (const attraction of view.attractions) for (const c of attraction.classifications ?? []) addToTree(segments, c);
  const tree = [...segments.values()].map((segment) => ({ _links: buildLevelLinks("", segment.id), segment, family: false }));
  treeCache.set(view, tree);
  return tree;
}

function listNames(item: ClassificationItem): string[] {
  const genres = item.segment._embedded.genres;
  return [item.segment.name, ...genres.map((g) => g.name), ...genres.flatMap((g) => g._embedded.subgenres.map((s) => s.name))];
}

export function searchClassifications(context: RouteContext): unknown {
  const { params, options } = context;
  const sort = readSort(params, CLASSIFICATION_SORTS, "name,asc");
  const paging = readPaging(params, options);
  const keyword = readText(params, "keyword");
  const matched = buildTree(context.view).filter((item) => !keyword || matchesWholeWords(keyword, listNames(item)));
  const sorted = sortNamed(matched, sort, { name: (item) => item.segment.name }, {
    keyword,
    salt: context.salt,
    isTieOrderUnstable: options.isTieOrderUnstable,
  });
  return buildListEnvelope(sorted, paging, {
    path: context.path,
    params,
    embeddedKey: "classifications",
    maxTotalElements: options.maxTotalElements,
  });
}

/** `/classifications/{id}` accepts any level's id and answers with the segment that holds it. */
export function getClassificationDetails(context: RouteContext, id: string): unknown {
  const item = buildTree(context.view).find((candidate) =>
    candidate.segment.id === id ||
    candidate.segment._embedded.genres.some((g) => g.id === id || g._embedded.subgenres.some((s) => s.id === id)),
  );
  if (!item) throw new DiscoveryError(buildNotFoundError(id));
  return item;
}

export function getClassificationLevel(context: RouteContext, level: string, id: string): unknown {
  const segments = buildTree(context.view).map((item) => item.segment);
  const genres = segments.flatMap((s) => s._embedded.genres);
  const found =
    level === "segments"
      ? segments.find((s) => s.id === id)
      : level === "genres"
        ? genres.find((g) => g.id === id)
        : genres.flatMap((g) => g._embedded.subgenres).find((s) => s.id === id);
  if (!found) throw new DiscoveryError(buildNotFoundError(id));
  return found;
}
