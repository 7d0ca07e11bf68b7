// An Eleventy site served from /notes/ (pathPrefix). After every build — `eleventy`, and each rebuild
// of `eleventy --serve` — scry indexes the output folder into _site/scry/.
import { execFileSync } from "node:child_process";
import { binaryPath } from "scry-search/binary";

export default function (eleventyConfig) {
  eleventyConfig.setInputDirectory("src");
  eleventyConfig.on("eleventy.after", ({ directories }) => {
    // scry.toml (next to this file) says where the site is served: base_url = "/notes/".
    execFileSync(binaryPath(), ["--site", directories.output, "--quiet"], { stdio: "inherit" });
  });
}

export const config = { pathPrefix: "/notes/" };
