/** A Vite plugin serving the last build's scry index in the dev server (VitePress, Vite). */
export default function scryDevIndex(options: {
  /** The index folder that the build writes, relative to the Vite root, e.g. ".vitepress/dist/scry". */
  index: string;
  /** The command that builds it, named in the dev server's messages (default "npm run build"). */
  buildCommand?: string;
}): { name: string; apply: "serve"; configureServer: (server: unknown) => void };
