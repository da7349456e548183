// The availability zones of each commercial AWS region, by name, as `aws ec2 describe-availability-zones` lists them
// for most accounts (AWS's "Regions and Zones" page lists the zone counts). CDK reads an environment's zones from
// cdk.context.json; scripts/configure writes the entry from this table, so no lookup (and no credentials) is needed.
// Zone names map to physical zones per account, and some accounts lack a zone (older accounts in us-east-1 see
// us-east-1e, newer ones in ap-northeast-1 do not see ap-northeast-1b): if a deploy says a zone does not exist, list
// yours with `aws ec2 describe-availability-zones --region <r> --query 'AvailabilityZones[].ZoneName'` and edit the
// entry. The network uses the first `network.maxAzs` zones of the list.
const abc = (region) => ['a', 'b', 'c'].map((zone) => region + zone);

export const availabilityZones = {
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'].map((zone) => 'us-east-1' + zone),
  'us-east-2': abc('us-east-2'),
  'us-west-1': ['us-west-1a', 'us-west-1c'],
  'us-west-2': ['a', 'b', 'c', 'd'].map((zone) => 'us-west-2' + zone),
  'af-south-1': abc('af-south-1'),
  'ap-east-1': abc('ap-east-1'),
  'ap-east-2': abc('ap-east-2'),
  'ap-south-1': abc('ap-south-1'),
  'ap-south-2': abc('ap-south-2'),
  'ap-southeast-1': abc('ap-southeast-1'),
  'ap-southeast-2': abc('ap-southeast-2'),
  'ap-southeast-3': abc('ap-southeast-3'),
  'ap-southeast-4': abc('ap-southeast-4'),
  'ap-southeast-5': abc('ap-southeast-5'),
  'ap-southeast-6': abc('ap-southeast-6'),
  'ap-southeast-7': abc('ap-southeast-7'),
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'].map((zone) => 'ap-northeast-2' + zone),
  'ap-northeast-3': abc('ap-northeast-3'),
  'ca-central-1': ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  'ca-west-1': abc('ca-west-1'),
  'eu-central-1': abc('eu-central-1'),
  'eu-central-2': abc('eu-central-2'),
  'eu-west-1': abc('eu-west-1'),
  'eu-west-2': abc('eu-west-2'),
  'eu-west-3': abc('eu-west-3'),
  'eu-south-1': abc('eu-south-1'),
  'eu-south-2': abc('eu-south-2'),
  'eu-north-1': abc('eu-north-1'),
  'il-central-1': abc('il-central-1'),
  'me-south-1': abc('me-south-1'),
  'me-central-1': abc('me-central-1'),
  'mx-central-1': abc('mx-central-1'),
  'sa-east-1': abc('sa-east-1'),
};
