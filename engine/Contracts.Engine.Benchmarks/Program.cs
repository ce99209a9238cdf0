Console.Error.WriteLine("benchmarks: not written yet"); return 2;
