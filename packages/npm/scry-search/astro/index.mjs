// The Astro integration: `integrations: [scry({...})]` in astro.config.mjs. After `astro build` it
// indexes the built pages with the scry binary (into <outDir>/scry/); `<Search />` from
// "scry-search/astro/Search.astro" places the widget. In `astro dev` the last build's index is served
// (or the widget says that there is none yet). Starlight: see ./starlight.mjs.
import { fileURLToPath } from "node:url";
import path from "node:path";
import common from "../integrations/common.js";

const { validate, buildSite, devMiddleware, slashBase, widgetAttributes, ScryConfigError } = common;
const NAME = "scry-search";
const VIRTUAL = "virtual:scry-search/config";

/**
 * A configuration mistake as Astro reports its own user errors: the message and a hint, no stack
 * trace (Astro prints one whenever the error has a stack).
 */
export function forAstro(e) {
  if (!(e instanceof ScryConfigError)) return e;
  const err = new Error(e.message);
  err.name = "scry-search";
  err.type = "AstroUserError";
  err.hint = "Fix the options given to scry (scry() or scryStarlight()) in your Astro config.";
  err.stack = "";
  return err;
}

/**
 * @param {import("./index.d.ts").ScryAstroOptions} [options]
 * @returns {import("astro").AstroIntegration}
 */
export default function scry(options = {}, internal = {}) {
  const where = internal.where || "scry-search/astro";
  // Checked here too, so that a mistake stops before anything is built; the hooks re-check nothing.
  let checked;
  let base = "/";
  let outDir;
  return {
    name: NAME,
    hooks: {
      "astro:config:setup": ({ config, updateConfig, logger }) => {
        try {
          checked = validate(options, where, internal.schema);
        } catch (e) {
          throw forAstro(e);
        }
        base = slashBase(config.base);
        outDir = fileURLToPath(config.outDir);
        const module = `export default ${JSON.stringify({
          scriptUrl: `${base}scry/scry.js`,
          attributes: widgetAttributes(checked, internal.widgetDefaults),
        })};`;
        updateConfig({
          vite: {
            // Search.astro ships as source inside this package: let Vite compile it.
            ssr: { noExternal: ["scry-search"] },
            plugins: [
              {
                name: "scry-search:config",
                resolveId: (id) => (id === VIRTUAL ? "\0" + VIRTUAL : undefined),
                load: (id) => (id === "\0" + VIRTUAL ? module : undefined),
              },
              {
                // In `astro dev`: serve the last build's index (a Vite pre-middleware, ahead of
                // Astro's router, which would answer 404 for a file that is not a route).
                name: "scry-search:dev-index",
                apply: "serve",
                configureServer(server) {
                  server.middlewares.use(
                    devMiddleware({ base, indexDir: path.join(outDir, "scry"), buildCommand: "astro build", log: logger }),
                  );
                },
              },
            ],
          },
        });
        logger.debug(`widget script at ${base}scry/scry.js`);
      },
      "astro:config:done": ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      "astro:build:done": async ({ dir, logger }) => {
        const siteDir = fileURLToPath(dir);
        try {
          await buildSite({ siteDir, baseUrl: base, options: checked, where, themeIgnore: internal.themeIgnore, log: logger });
        } catch (e) {
          throw forAstro(e);
        }
      },
    },
  };
}
