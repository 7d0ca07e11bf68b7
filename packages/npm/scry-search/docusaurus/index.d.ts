import type { ScryAstroOptions } from "../astro/index.d.ts";

/** Options of the Docusaurus plugin (the same as the Astro integration's); every key is optional. */
export type ScryDocusaurusOptions = ScryAstroOptions;

declare function scryDocusaurus(context: unknown, options: ScryDocusaurusOptions): unknown;
export default scryDocusaurus;
