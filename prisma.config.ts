// Prisma CLI config: the JS schema engine over @prisma/adapter-pg, so generate / migrate diff /
// migrate deploy never download an engine binary (DESIGN.md §5).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// schema.prisma reads env("DATABASE_URL"); give it the CONTRACT default so generate works with nothing set.
process.env.DATABASE_URL ??= 'postgresql://postgres:postgres@127.0.0.1:5432/orderwatch';
const url = new URL(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Separate fields, not a connection string: for a shadow database the adapter swaps in a scratch
  // database name, which a connection string would silently override (the CLI would then replay the
  // migrations into DATABASE_URL's own database).
  adapter: async () =>
    new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
      allowExitOnIdle: true,
    }),
});
