α₁ = 1
🙂 = 2
x = 3
println(α₁)
​
