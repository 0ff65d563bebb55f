# Conway's game of life on a small torus, with a Bool matrix.
function neighbours(board::Matrix{Bool}, i, j)
    n, m = size(board)
    count = 0
    for di in -1:1, dj in -1:1
        (di == 0 && dj == 0) && continue
        count += board[mod1(i + di, n), mod1(j + dj, m)]
    end
    return count
end

function step(board::Matrix{Bool})
    next = similar(board)
    for j in axes(board, 2), i in axes(board, 1)
        k = neighbours(board, i, j)
        next[i, j] = board[i, j] ? k in (2, 3) : k == 3
    end
    return next
end

render(board) = join([join(c ? '#' : '.' for c in board[i, :]) for i in 1:size(board, 1)], "\n")

board = fill(false, 6, 6)
for (i, j) in [(1, 2), (2, 3), (3, 1), (3, 2), (3, 3)]   # a glider
    board[i, j] = true
end
board = Matrix{Bool}(board)  # already one: a copy
println(typeof(board), " ", size(board), " alive: ", count(board))
for gen in 0:4
    println("generation ", gen)
    println(render(board))
    global board = step(board)
end
println("alive after 4: ", sum(board))
println(findall(board))
blinker = zeros(Bool, 5, 5)
blinker[3, 2:4] .= true
println(step(step(blinker)) == blinker, " ", step(blinker) == blinker')
println(count(step(blinker)), " ", vec(sum(step(blinker); dims = 1)))
