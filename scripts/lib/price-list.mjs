// What scripts/prices asks AWS's Price List API (GetProducts) for each price the cost model reads, and how it reads
// the answer. Each price is one product of the region, told apart by its usage type (AWS writes it with the region's
// upper-case prefix, "EUW1-LoadBalancerUsage" or "EU-...", or none in us-east-1; "Lambda-Edge-Request" is another
// product) and, for RDS, by its attributes. A price whose query matches no product, or several at different prices,
// is an error naming the key: never a guess. Not checked against AWS from here (no network to it): the tests answer
// with products in GetProducts' documented format.

const usage = (suffix) => new RegExp(`^([A-Z]+[0-9]*-)?${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const OFFERS = 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws';

// Multi-AZ is priced by the model as two Single-AZ instances and volumes.
const singleAzPostgres = { databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' };

/** Price key -> { service (ServiceCode), filters (attribute: value, TERM_MATCH), usagetype (RegExp), perUnit (units per priced unit) }. */
export function priceQueries(rdsClasses) {
  const queries = {
    albHour: { service: 'AWSELB', filters: { productFamily: 'Load Balancer-Application' }, usagetype: usage('LoadBalancerUsage') },
    albLcuHour: { service: 'AWSELB', filters: { productFamily: 'Load Balancer-Application' }, usagetype: usage('LCUUsage') },
    publicIpv4Hour: { service: 'AmazonVPC', usagetype: usage('PublicIPv4:InUseAddress') },
    interfaceEndpointHour: { service: 'AmazonVPC', usagetype: usage('VpcEndpoint-Hours') },
    natHour: { service: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, usagetype: usage('NatGateway-Hours') },
    'fargateVcpuHour:arm64': { service: 'AmazonECS', usagetype: usage('Fargate-ARM-vCPU-Hours:perCPU') },
    'fargateGbHour:arm64': { service: 'AmazonECS', usagetype: usage('Fargate-ARM-GB-Hours') },
    'fargateVcpuHour:x86_64': { service: 'AmazonECS', usagetype: usage('Fargate-vCPU-Hours:perCPU') },
    'fargateGbHour:x86_64': { service: 'AmazonECS', usagetype: usage('Fargate-GB-Hours') },
    lambdaRequestMillion: { service: 'AWSLambda', usagetype: usage('Request'), perUnit: 1e6 },
    'lambdaGbSecond:arm64': { service: 'AWSLambda', usagetype: usage('Lambda-GB-Second-ARM') },
    'lambdaGbSecond:x86_64': { service: 'AWSLambda', usagetype: usage('Lambda-GB-Second') },
    httpApiRequestMillion: { service: 'AmazonApiGateway', usagetype: usage('ApiGatewayHttpRequest'), perUnit: 1e6 },
    rdsGp3GbMonth: {
      service: 'AmazonRDS',
      filters: { productFamily: 'Database Storage', volumeType: 'General Purpose-GP3', ...singleAzPostgres },
    },
    rdsBackupGbMonth: { service: 'AmazonRDS', usagetype: usage('RDS:ChargedBackupUsage') },
    kmsKeyMonth: { service: 'awskms', usagetype: usage('KMS-Keys') },
    s3GbMonth: { service: 'AmazonS3', filters: { storageClass: 'General Purpose' }, usagetype: usage('TimedStorage-ByteHrs') },
    ecrGbMonth: { service: 'AmazonECR', usagetype: usage('TimedStorage-ByteHrs') },
    alarmMonth: { service: 'AmazonCloudWatch', usagetype: usage('CW:AlarmMonitorUsage') },
    logsIngestGb: { service: 'AmazonCloudWatch', usagetype: usage('DataProcessing-Bytes') },
  };
  for (const instanceClass of rdsClasses)
    queries[`rdsHour:${instanceClass}`] = {
      service: 'AmazonRDS',
      filters: { productFamily: 'Database Instance', instanceType: instanceClass, ...singleAzPostgres },
    };
  return queries;
}

/** GetProducts' Filters for a query in a region. */
export const filtersOf = (query, region) =>
  Object.entries({ regionCode: region, ...(query.filters ?? {}) }).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value }));

/**
 * The price of `key` from GetProducts' PriceList (JSON strings, FormatVersion aws_v1): the matching product's first
 * on-demand tier in USD, per the model's unit, with the offer's version and publication date.
 */
export function priceFrom(key, query, priceList) {
  const products = priceList
    .map((entry) => (typeof entry === 'string' ? JSON.parse(entry) : entry))
    .filter((p) => !query.usagetype || query.usagetype.test(p.product?.attributes?.usagetype ?? ''));
  const found = products.map((p) => {
    const dimensions = Object.values(p.terms?.OnDemand ?? {}).flatMap((term) => Object.values(term.priceDimensions ?? {}));
    const first = dimensions.find((d) => (d.beginRange ?? '0') === '0') ?? dimensions[0];
    return { p, usd: first ? Number(first.pricePerUnit.USD) : NaN };
  });
  const prices = [...new Set(found.map((f) => f.usd))];
  if (found.length === 0 || prices.some(Number.isNaN))
    throw new Error(`${key}: no ${query.service} product with an on-demand USD price matches`);
  if (prices.length > 1)
    throw new Error(`${key}: ${found.length} ${query.service} products match at different prices (${prices.join(', ')})`);
  const { p, usd } = found[0];
  return {
    usd: Number((usd * (query.perUnit ?? 1)).toPrecision(6)),
    // The offer file publishes the same figure the API answers with: the page a reader can check it on.
    source: `${OFFERS}/${query.service}/current/${p.product.attributes.regionCode}/index.json`,
    via: `AWS Price List API, GetProducts (${p.product.attributes.usagetype ?? query.service})`,
    offerVersion: p.version,
    offerDate: p.publicationDate,
  };
}

/** Every price of `region`, asking `getProducts({ ServiceCode, Filters, FormatVersion, NextToken })` (the Pricing client's shape). */
export async function pricesOf(region, rdsClasses, getProducts, date) {
  const out = {};
  for (const [key, query] of Object.entries(priceQueries(rdsClasses))) {
    const priceList = [];
    let NextToken;
    do {
      const page = await getProducts({ ServiceCode: query.service, Filters: filtersOf(query, region), FormatVersion: 'aws_v1', NextToken });
      priceList.push(...(page.PriceList ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    out[key] = { ...priceFrom(key, query, priceList), date };
  }
  return out;
}
