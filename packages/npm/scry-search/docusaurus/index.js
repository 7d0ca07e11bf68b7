// The Docusaurus plugin: `plugins: [["scry-search/docusaurus", {...options}]]` in
// docusaurus.config.js. After `docusaurus build` it indexes the built site with the scry binary
// (postBuild, into <outDir>/scry/), and its theme's SearchBar puts scry's box in the navbar where a
// search theme's would be. In `docusaurus start` the last build's index is served; without one, the
// box says to build first.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { validate, buildSite, widgetAttributes, slashBase, ScryConfigError } = require("../integrations/common.js");

const WHERE = "scry-search/docusaurus";

// The classic theme's chrome inside <main> that is not content: breadcrumbs, tables of contents,
// version badges and banners, "edit this page" / "last updated", prev/next links, heading anchors.
const DOCUSAURUS_IGNORE = [
  ".theme-doc-breadcrumbs",
  ".theme-doc-toc-mobile",
  ".theme-doc-toc-desktop",
  ".theme-doc-version-badge",
  ".theme-doc-version-banner",
  ".theme-doc-footer",
  ".theme-edit-this-page",
  ".theme-last-updated",
  ".pagination-nav",
  ".hash-link",
  ".theme-blog-sidebar",
  ".blog-list-page .pagination-nav",
  ".theme-admonition-icon",
];

function scryDocusaurus(context, options) {
  const checked = validateNow(options);
  const algolia = context.siteConfig.themeConfig && context.siteConfig.themeConfig.algolia;
  if (algolia) {
    throw quiet(new ScryConfigError(
      `${WHERE}: themeConfig.algolia is set too, and both would provide the navbar's search bar. ` +
        `scry replaces the Algolia search bar: remove themeConfig.algolia (or the scry plugin) so that the page has one search box.`,
    ));
  }
  const baseUrl = slashBase(context.siteConfig.baseUrl);
  return {
    name: "scry-search",
    getThemePath() {
      return path.join(__dirname, "theme");
    },
    async contentLoaded({ actions }) {
      actions.setGlobalData({ attributes: widgetAttributes(checked, { mode: "modal" }) });
    },
    configureWebpack(config, isServer) {
      if (isServer) return {};
      // `docusaurus start`: serve the last build's index (webpack-merge appends to `static`). When
      // there is none, the search bar says so.
      return {
        devServer: {
          static: [{ directory: path.join(context.outDir, "scry"), publicPath: `${baseUrl}scry/`, watch: false }],
        },
      };
    },
    async postBuild({ outDir, siteConfig, i18n }) {
      // With several locales, each is built into its own folder (build/fr/ beside build/) and gets
      // its own index; the default locale's folder holds the others', which are not its pages.
      const others = ((i18n && i18n.locales) || []).filter((l) => l !== (i18n && i18n.currentLocale));
      const themeExclude = others.filter((l) => fs.existsSync(path.join(outDir, l))).map((l) => `${l}/**`);
      const log = {
        info: (m) => console.log(`[scry-search] ${m}`),
        warn: (m) => console.warn(`[scry-search] ${m}`),
      };
      try {
        await buildSite({ siteDir: outDir, baseUrl: siteConfig.baseUrl, options: checked, where: WHERE, themeIgnore: DOCUSAURUS_IGNORE, themeExclude, log });
      } catch (e) {
        throw quiet(e);
      }
    },
  };
}

function validateNow(options) {
  const { id, ...rest } = options || {}; // Docusaurus adds `id` to every plugin's options
  try {
    return validate(rest, WHERE);
  } catch (e) {
    throw quiet(e);
  }
}

/**
 * Docusaurus wraps any error thrown while it builds in "Unable to build website for locale …" and
 * prints that wrapper's stack trace. A configuration mistake is not a crash: under `docusaurus build`
 * say it once, plainly, and stop the build with a failure status. Elsewhere (`start`, a programmatic
 * use) throw it, without a stack of its own.
 */
function quiet(e) {
  if (!(e instanceof ScryConfigError)) return e;
  if (process.argv.slice(2).includes("build")) {
    console.error(`[ERROR] ${e.message}`);
    process.exit(1);
  }
  e.stack = e.message;
  return e;
}

module.exports = scryDocusaurus;
module.exports.default = scryDocusaurus;
// Docusaurus calls this before the plugin, for every instance: a mistake stops `build` and `start`.
module.exports.validateOptions = ({ options }) => {
  validateNow(options);
  return { id: "default", ...options };
};
