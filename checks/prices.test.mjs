// scripts/prices against a stand-in for the AWS Price List API's GetProducts (no network to AWS here): the stand-in
// answers in GetProducts' documented shape (PriceList: JSON strings of { product: { productFamily, attributes },
// serviceCode, terms: { OnDemand: { <term>: { priceDimensions: { <id>: { unit, beginRange, pricePerUnit: { USD } } } } } },
// version, publicationDate }), holds every request to the region and the filters asked, and pages its answers; the
// prices read are written per the model's units with their source, date and offer version. The report prints the
// command for a region without prices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceQueries, pricesOf, priceFrom } from '../scripts/lib/price-list.mjs';
import { stackCost } from '../scripts/lib/cost.mjs';

const REGION = 'eu-west-1';

/** One product in GetProducts' format (a stand-in for AWS's answer), as the JSON string the API returns. */
function product(service, attributes, usd, { productFamily = 'Stand-in family', tiers = [['0', 'Inf']] } = {}) {
  const priceDimensions = Object.fromEntries(
    tiers.map(([beginRange, endRange], i) => [
      `SKU.TERM.DIM${i}`,
      { unit: 'Hrs', beginRange, endRange, pricePerUnit: { USD: String(usd * (i + 1)) }, description: 'stand-in' },
    ]),
  );
  return JSON.stringify({
    product: { productFamily, sku: 'SKU', attributes: { regionCode: REGION, servicecode: service, ...attributes } },
    serviceCode: service,
    terms: { OnDemand: { 'SKU.TERM': { priceDimensions, sku: 'SKU', effectiveDate: '2026-11-01T00:00:00Z' } } },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

/**
 * A stand-in GetProducts over a catalogue: for each price the model reads, its product (the region's usage type, or
 * the attributes RDS is told apart by) and a decoy beside it (another product's usage type, the Multi-AZ instance),
 * answered as AWS answers: every product whose attributes match all TERM_MATCH filters, two per page.
 */
function standIn(classes) {
  const catalogue = [];
  for (const [key, query] of Object.entries(priceQueries(classes))) {
    const attributes = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([field]) => field !== 'productFamily'));
    const family = { productFamily: query.filters?.productFamily ?? 'Stand-in family' };
    const suffix = query.usagetype?.source.replace('^([A-Z]+[0-9]*-)?', '').replace(/\$$/, '').replace(/\\/g, '');
    const wanted = { ...attributes, usagetype: suffix ? `EUW1-${suffix}` : `EUW1-${key}` };
    catalogue.push({ service: query.service, family, attributes: wanted, usd: 0.5 });
    const decoy = suffix ? { ...attributes, usagetype: `Lambda-Edge-${suffix}` } : { ...wanted, deploymentOption: 'Multi-AZ' };
    catalogue.push({ service: query.service, family, attributes: decoy, usd: 99 });
  }
  const calls = [];
  const answer = (input) => {
    calls.push(input);
    assert.equal(input.FormatVersion, 'aws_v1');
    assert.ok(input.Filters.every((f) => f.Type === 'TERM_MATCH'));
    const fields = Object.fromEntries(input.Filters.map((f) => [f.Field, f.Value]));
    assert.equal(fields.regionCode, REGION, 'every request names the region');
    const matching = catalogue.filter(
      (p) =>
        p.service === input.ServiceCode
        && Object.entries(fields).every(
          ([f, v]) => f === 'regionCode' || (f === 'productFamily' ? p.family.productFamily : p.attributes[f]) === v,
        ),
    );
    const start = Number(input.NextToken ?? 0);
    const tiers = [['0', '100'], ['100', 'Inf']];
    const page = matching.slice(start, start + 2).map((p) => product(p.service, p.attributes, p.usd, { ...p.family, tiers }));
    return { PriceList: page, NextToken: start + 2 < matching.length ? String(start + 2) : undefined };
  };
  return { answer, calls };
}

test('reads every price the cost model uses in a region, first tier, per the model unit, with source and offer version', async () => {
  const classes = ['db.t4g.micro', 'db.t4g.small'];
  const { answer, calls } = standIn(classes);
  const prices = await pricesOf(REGION, classes, async (input) => answer(input), '2026-12-06');
  assert.equal(Object.keys(prices).length, Object.keys(priceQueries(classes)).length);
  assert.ok(calls.length > Object.keys(prices).length, 'answers came over several pages');
  assert.ok(Object.values(prices).every((p) => p.usd === 0.5 || p.usd === 500000), 'no decoy was read');
  assert.deepEqual(prices.albHour, {
    usd: 0.5,
    source: 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSELB/current/eu-west-1/index.json',
    via: 'AWS Price List API, GetProducts (EUW1-LoadBalancerUsage)',
    offerVersion: '20261101000000',
    offerDate: '2026-11-01T00:00:00Z',
    date: '2026-12-06',
  });
  assert.equal(prices.lambdaRequestMillion.usd, 500000, 'a per-request price is written per million requests');
  // The model prices a region written this way: the committed template's lines, none left unpriced.
  const template = { Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['a', 'b'] } } } };
  const cost = stackCost(template, REGION, undefined, { hoursPerMonth: 730, regions: { [REGION]: prices } });
  assert.deepEqual(cost.unpriced, []);
  assert.ok(cost.monthlyUsd > 0);
});

test('no matching product, or several at different prices, is an error naming the price', () => {
  const query = priceQueries([]).albHour;
  assert.throws(() => priceFrom('albHour', query, []), /^Error: albHour: no AWSELB product/);
  const two = [
    product('AWSELB', { usagetype: 'EUW1-LoadBalancerUsage' }, 0.02),
    product('AWSELB', { usagetype: 'EU-LoadBalancerUsage' }, 0.03),
  ];
  assert.throws(() => priceFrom('albHour', query, two), /albHour: 2 AWSELB products match at different prices/);
});

test('the report prints the command that prices a region it has no prices for', async () => {
  const { report, renderText } = await import('../scripts/lib/report.mjs');
  const { root } = await import('./lib/app-model.mjs');
  const data = report(`${root}/cdk.out`);
  data.environments[0].unpriced = ['load balancer hours (no albHour price for eu-west-1)', 'KMS keys (no kmsKeyMonth price for eu-west-1)'];
  const text = renderText(data);
  assert.equal(text.split('\n').filter((l) => l === '    price eu-west-1: scripts/prices --region eu-west-1').length, 1, text);
});
