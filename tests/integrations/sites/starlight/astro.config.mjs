// A Starlight site at the root of its host, with scry replacing Starlight's search the documented
// way: the scry plugin in `plugins` (it turns Pagefind off and overrides the Search component).
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import scryStarlight from "scry-search/astro/starlight";

export default defineConfig({
  integrations: [
    starlight({
      title: "Orchard Notes",
      sidebar: [{ label: "Guides", items: ["guides/grafting", "guides/pruning"] }],
      plugins: [scryStarlight()],
    }),
  ],
});
