// The Prisma client over the shared pg pool (driver adapter: no engine binary anywhere).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import type { Pool } from './pool.js';

export type Prisma = InstanceType<typeof PrismaClient>;

export function createPrisma(pool: Pool): Prisma {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
