// scripts/prices' command line: asks the AWS Price List API (with the caller's credentials) for every price the cost
// model reads in one region and writes them into scripts/lib/prices.json beside the committed regions, each with the
// date read and the offer's version.
import { readFileSync, writeFileSync } from 'node:fs';
import { pricesOf } from './price-list.mjs';

const usage = 'usage: scripts/prices --region <code> [--prices <prices.json>]';
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (i % 2 ? pairs : [...pairs, [a, all[i + 1]]]), []));
if (!args['--region'] || Object.keys(args).some((k) => !['--region', '--prices'].includes(k))) {
  console.error(usage);
  process.exit(2);
}
const region = args['--region'];
const file = args['--prices'] ?? new URL('prices.json', import.meta.url).pathname;
const prices = JSON.parse(readFileSync(file, 'utf8'));
// The instance classes already priced elsewhere, and the configuration's own.
const classes = new Set(
  Object.values(prices.regions)
    .flatMap((table) => Object.keys(table))
    .filter((k) => k.startsWith('rdsHour:'))
    .map((k) => k.slice('rdsHour:'.length)),
);
for (const env of Object.values(JSON.parse(readFileSync('cdk.json', 'utf8')).context.infra.environments))
  if (env.database?.instanceClass) classes.add(`db.${env.database.instanceClass}`);

// The Price List API answers from us-east-1 (and a few others) for every region.
const { PricingClient, GetProductsCommand } = await import('@aws-sdk/client-pricing');
const client = new PricingClient({ region: 'us-east-1' });
const today = new Date().toISOString().slice(0, 10);
try {
  prices.regions[region] = await pricesOf(region, [...classes].sort(), (input) => client.send(new GetProductsCommand(input)), today);
} catch (error) {
  console.error(`prices: ${error.message}`);
  process.exit(1);
}
writeFileSync(file, JSON.stringify(prices, null, 2) + '\n');
console.log(`prices: ${Object.keys(prices.regions[region]).length} prices for ${region} written to ${file}`);
