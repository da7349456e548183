using Amazon.CDK;
using Amazon.CDK.AWS.S3;

var app = new App();
var stack = new Stack(app, "floor");
_ = new Bucket(stack, "Bucket");
app.Synth();
