// An Astro site served from a subfolder (/docs/), with scry added the documented way.
import { defineConfig } from "astro/config";
import scry from "scry-search/astro";

export default defineConfig({
  base: "/docs",
  integrations: [scry({ exclude: ["drafts/**"], placeholder: "Search the handbook" })],
});
