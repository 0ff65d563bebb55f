s = """abc

println(s)
