import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite (and its pg_dump, for the live backup) loads its WebAssembly from its own package folder, argon2 is a native addon:
  // both must be required at run time, not bundled.
  // Yjs and the collaboration server must be one copy in the server process (constructor checks).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-tools",
    "@node-rs/argon2",
    "postgres",
    "pg-boss",
    "yjs",
    "y-protocols",
    "lib0",
    "@hocuspocus/server",
    "@hocuspocus/common",
    "@hocuspocus/extension-redis",
    "ioredis",
  ],
  poweredByHeader: false,
  // The dev server answers http://127.0.0.1:3000 as well as http://localhost:3000.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // Build-time options read here directly, not through lib/env: they belong to the build tools
  // (test and benchmark harnesses set them), not to the running app's configuration.
  // Several builds can live side by side (e.g. one per engineer's browser tests).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // npm test runs tsc on its own before the build; this skips the second pass when asked.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
