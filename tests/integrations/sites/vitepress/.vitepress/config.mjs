// A VitePress site served from /tides/. scry's widget: its script in <head> (VitePress does not add
// `base` to head URLs: write it), <scry-search> declared a custom element for Vue, and the element
// placed in the navbar by the theme (.vitepress/theme/index.js). No `themeConfig.search`: scry's box is
// the only one. In `vitepress dev`, scry's Vite plugin serves the last build's index.
import { defineConfig } from "vitepress";
import scryDevIndex from "scry-search/vite";

const base = "/tides/";

export default defineConfig({
  title: "Tidepool Guide",
  base,
  head: [
    ["script", { type: "module", src: `${base}scry/scry.js` }],
    ["link", { rel: "icon", href: "data:," }],
  ],
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag === "scry-search" } } },
  // `vitepress dev`: serve the last build's index (or a box that says to build first).
  vite: { plugins: [scryDevIndex({ index: ".vitepress/dist/scry" })] },
  themeConfig: {
    nav: [{ text: "Guide", link: "/guide/anemones" }],
    sidebar: [{ text: "Creatures", items: [{ text: "Anemones", link: "/guide/anemones" }, { text: "Crabs", link: "/guide/crabs" }] }],
    footer: { message: "Written at low tide by the Barnacle club" },
  },
});
