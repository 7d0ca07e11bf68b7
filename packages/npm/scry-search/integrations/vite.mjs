// A Vite plugin for dev servers (VitePress, plain Vite): serves the last build's scry index at
// `${base}scry/`, or, before any build, a scry.js whose box says to build first. Production builds are
// untouched (the index is made from the built pages by `scry --site`).
//
//   import scryDevIndex from "scry-search/vite";
//   vite: { plugins: [scryDevIndex({ index: ".vitepress/dist/scry", buildCommand: "npm run build" })] }
import path from "node:path";
import common from "./common.js";

const { devMiddleware, validate } = common;
const WHERE = "scry-search/vite";
const SCHEMA = {
  index: { type: "non-empty string", doc: "the index folder a build writes, e.g. .vitepress/dist/scry" },
  buildCommand: { type: "non-empty string", doc: "the command that builds it, named in messages" },
};

/** @param {{index: string, buildCommand?: string}} options */
export default function scryDevIndex(options) {
  const { index, buildCommand = "npm run build" } = validate(options, WHERE, SCHEMA);
  if (!index) throw new common.ScryConfigError(`${WHERE}: option \`index\` is required: the folder of the built index, e.g. ".vitepress/dist/scry".`);
  return {
    name: "scry-search:dev-index",
    apply: "serve",
    configureServer(server) {
      const logger = server.config.logger;
      server.middlewares.use(
        devMiddleware({
          base: server.config.base || "/",
          indexDir: path.resolve(server.config.root, index),
          buildCommand,
          log: { info: (m) => logger.info(`[scry] ${m}`), warn: (m) => logger.warn(`[scry] ${m}`) },
        }),
      );
    },
  };
}
