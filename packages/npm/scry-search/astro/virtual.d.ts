declare module "virtual:scry-search/config" {
  const config: { scriptUrl: string; attributes: Record<string, string> };
  export default config;
}
