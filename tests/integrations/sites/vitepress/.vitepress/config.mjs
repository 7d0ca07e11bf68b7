// A VitePress site served from /tides/. scry's widget: its script in <head> (VitePress does not add
// `base` to head URLs: write it), <scry-search> declared a custom element for Vue, and the element
// placed in the navbar by the theme (.vitepress/theme/index.js). No `themeConfig.search`: scry's box is
// the only one.
import { defineConfig } from "vitepress";

const base = "/tides/";

export default defineConfig({
  title: "Tidepool Guide",
  base,
  head: [
    ["script", { type: "module", src: `${base}scry/scry.js` }],
    ["link", { rel: "icon", href: "data:," }],
  ],
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag === "scry-search" } } },
  themeConfig: {
    nav: [{ text: "Guide", link: "/guide/anemones" }],
    sidebar: [{ text: "Creatures", items: [{ text: "Anemones", link: "/guide/anemones" }, { text: "Crabs", link: "/guide/crabs" }] }],
    footer: { message: "Written at low tide by the Barnacle club" },
  },
});
