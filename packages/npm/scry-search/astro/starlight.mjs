// The Starlight plugin: `starlight({ plugins: [scryStarlight({...})] })`. It replaces Starlight's
// search (Pagefind) with scry's: Pagefind is turned off, the `Search` component is overridden with
// scry's box, and the Astro integration that indexes the build is added. One search box per page.
import scry, { forAstro } from "./index.mjs";
import common from "../integrations/common.js";

const { validate, ScryConfigError } = common;
const SEARCH = "scry-search/astro/Search.astro";
const WHERE = "scry-search/astro/starlight";

// Starlight's chrome inside <main> that is not the page's content (nav, header, footer, <script> and
// friends are left out by scry already): the table of contents, the "last updated"/edit-link meta
// and prev/next links, heading anchor links, and the screen-reader "skip" texts.
const STARLIGHT_IGNORE = [
  "starlight-toc",
  "mobile-starlight-toc",
  ".sl-anchor-link",
  ".pagination-links",
  ".meta",
  ".sr-only",
  "site-search",
];

/** @param {import("./index.d.ts").ScryAstroOptions} [options] */
export default function scryStarlight(options = {}) {
  return {
    name: "scry-search",
    hooks: {
      "config:setup": ({ config, updateConfig, addIntegration }) => {
        try {
          setup({ config, updateConfig, addIntegration });
        } catch (e) {
          throw forAstro(e);
        }
      },
    },
  };

  function setup({ config, updateConfig, addIntegration }) {
    const checked = validate(options, WHERE);
    const current = config.components?.Search;
    if (current && current !== SEARCH) {
      throw new ScryConfigError(
        `${WHERE}: Starlight's \`components.Search\` is already overridden with ${JSON.stringify(current)}. ` +
          `scry replaces Starlight's search box with its own; remove that override (or the scry plugin) so that the page has one search box.`,
      );
    }
    updateConfig({ components: { ...config.components, Search: SEARCH }, pagefind: false });
    addIntegration(
      scry(checked, { where: WHERE, themeIgnore: STARLIGHT_IGNORE, widgetDefaults: { mode: "modal" } }),
    );
  }
}
