using BenchmarkDotNet.Running;
using Chroma.Benchmarks.Hnsw;

// `hnsw-dataset FILE` is a plain timed run on the side-by-side benchmark's data (for comparing with
// hnswlib); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == HnswDatasetRun.Command) return HnswDatasetRun.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
