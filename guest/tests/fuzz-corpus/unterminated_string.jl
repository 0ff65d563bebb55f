s = "abc $(x
