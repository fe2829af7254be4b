/** Made by vite.config.ts from the admin page's own imports: every component it uses. */
declare module "virtual:admin-components" {
  const components: Record<string, unknown>;
  export = components;
}
