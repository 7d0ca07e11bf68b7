import type { ScryAstroOptions } from "./index.d.ts";

/** A Starlight plugin: replaces Starlight's search (Pagefind) with scry. */
export default function scryStarlight(options?: ScryAstroOptions): {
  name: string;
  hooks: { "config:setup": (options: any) => void };
};
