// An Eleventy site served from /notes/ (pathPrefix). scry runs after Eleventy: `npm run build`.
export default function (eleventyConfig) {
  eleventyConfig.setInputDirectory("src");
}
export const config = { pathPrefix: "/notes/" };
