// The default theme, with scry's search box in the navbar (the slot where VitePress's own search sits).
import DefaultTheme from "vitepress/theme";
import { h } from "vue";

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, {
      "nav-bar-content-before": () => h("scry-search", { mode: "modal", placeholder: "Search the guide" }),
    }),
};
