import type { Provider } from "@/server/providers/types";
import { ProviderError } from "@/server/providers/types";
import { ServiceError } from "./errors";

export interface CatalogHit {
  id: string;
  name: string;
  /** A short second line: classification or place. */
  detail: string | null;
}

function toServiceError(error: unknown): never {
  if (error instanceof ProviderError) {
    const busy = error.kind === "quota-exhausted" || error.kind === "rate-limited" || error.kind === "circuit-open";
    throw new ServiceError(busy ? "TOO_MANY_REQUESTS" : "BAD_REQUEST", busy ? "Search is paused to stay within the ticketing API's limits. Try again in a minute." : "The ticketing API could not answer this search right now.");
  }
  throw error;
}

/** Teams and artists for the watch form's autocomplete. */
export async function searchAttractions(provider: Provider, keyword: string): Promise<CatalogHit[]> {
  const hits = await provider.searchAttractions(keyword).catch(toServiceError);
  return hits.map((hit) => ({
    id: hit.id,
    name: hit.name,
    detail: [hit.classification?.segment, hit.classification?.genre].filter((part) => part && part !== "Undefined").join(" · ") || null,
  }));
}

export async function searchVenues(provider: Provider, keyword: string): Promise<CatalogHit[]> {
  const hits = await provider.searchVenues(keyword).catch(toServiceError);
  return hits.map((hit) => ({ id: hit.id, name: hit.name, detail: [hit.city, hit.countryCode].filter(Boolean).join(", ") || null }));
}
