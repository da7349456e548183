// jsii's runtime is not thread-safe across xunit's parallel collections (JsonReaderException, TAR_BAD_ARCHIVE).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
