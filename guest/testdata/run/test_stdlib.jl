# The Test standard library: results as Julia reports them (showtiming = false keeps the
# summary free of wall-clock figures).
using Test

@test 1 + 1 == 2
@test_throws DomainError sqrt(-1.0)
@test_throws BoundsError [1, 2][3]

@testset "arithmetic" showtiming = false begin
    @test 2 * 3 == 6
    @test isapprox(0.1 + 0.2, 0.3)
    @test 0.1 + 0.2 ≈ 0.3
    @test_broken 1 == 2
    @test_skip error("never runs")
    @testset "nested $k" for k in 1:3
        @test k^2 >= k
    end
end

@testset verbose = true showtiming = false "verbose" begin
    @testset "strings" begin
        @test uppercase("kiln") == "KILN"
        @test occursin("il", "kiln")
    end
    @testset "collections" begin
        @test sum([1, 2, 3]) == 6
        @test 3 in [1, 2, 3]
        @test isempty(Int[])
    end
end

@testset "keywords" showtiming = false begin
    @test 1.0 ≈ 1.05 atol = 0.1
    @test isapprox(1.0, 1.5; atol = 0.1) broken = true
    n = 3
    @test n == 4 skip = n > 2
    @test n == 3 broken = n > 5
end

function checked(x)
    x < 0 && throw(ArgumentError("negative"))
    return x
end

@testset "failures" showtiming = false begin
    @test checked(2) == 3
    @test checked(-1) == 1
    @test 42
    @test_throws ArgumentError checked(5)
    @test_broken true
    @test checked(4) == 4
end
