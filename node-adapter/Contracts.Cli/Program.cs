Console.Error.WriteLine("contract-cli: not written yet"); return 2;
