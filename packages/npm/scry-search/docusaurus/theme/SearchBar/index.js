// scry's search box in the Docusaurus navbar (this replaces the theme's @theme/SearchBar). The widget's
// script is loaded after hydration, so its highlighting of ?highlight= terms is not undone by React.
import React, { useEffect, useState } from "react";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { usePluginData } from "@docusaurus/useGlobalData";

export default function SearchBar() {
  const { attributes } = usePluginData("scry-search");
  const src = useBaseUrl("/scry/scry.js");
  const [missing, setMissing] = useState(false);
  const [theme, setTheme] = useState(null);
  useEffect(() => {
    // Follow the site's light/dark switch (<html data-theme>).
    const root = document.documentElement;
    const sync = () => setTheme(root.dataset.theme === "dark" || root.dataset.theme === "light" ? root.dataset.theme : null);
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    // A <script type="module"> rather than import(): Docusaurus's Babel rewrites import() for the
    // server bundle. The browser loads each module URL once, however many boxes ask for it.
    let live = true;
    const warn = (why) => {
      console.warn(`scry: could not load ${src} (${why}). Run \`docusaurus build\` once: the index is built then, and \`docusaurus start\` serves the last build's.`);
      if (live) setMissing(true);
    };
    let script = document.querySelector(`script[data-scry-src="${CSS.escape(src)}"]`);
    if (!script) {
      script = document.createElement("script");
      script.type = "module";
      script.src = src;
      script.dataset.scrySrc = src;
      document.head.append(script);
    }
    const failed = () => warn("not found");
    script.addEventListener("error", failed);
    if (script.dataset.failed) failed();
    script.addEventListener("error", () => (script.dataset.failed = "1"), { once: true });
    return () => {
      live = false;
      script.removeEventListener("error", failed);
    };
  }, [src]);
  if (missing) {
    return React.createElement(
      "span",
      { className: "scry-missing", role: "status", style: { fontSize: "0.8rem", opacity: 0.8 } },
      "Search needs an index: run `docusaurus build` once.",
    );
  }
  const themed = attributes.theme || theme;
  return React.createElement("scry-search", { ...attributes, ...(themed ? { theme: themed } : {}), class: "scry-docusaurus" });
}
