// A Docusaurus site deployed in a subfolder (/handbook/), with scry added the documented way: the
// plugin line below. Its SearchBar takes the navbar's search slot; no other search theme is set.
export default {
  title: "Beekeeping Handbook",
  url: "https://example.org",
  baseUrl: "/handbook/",
  onBrokenLinks: "throw",
  presets: [["classic", { docs: { routeBasePath: "/", sidebarPath: "./sidebars.mjs" }, blog: false, theme: {} }]],
  plugins: [["scry-search/docusaurus", { placeholder: "Search the handbook" }]],
  themeConfig: { navbar: { title: "Beekeeping", items: [{ type: "docSidebar", sidebarId: "defaultSidebar", label: "Guides" }] } },
};
