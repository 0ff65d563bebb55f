println("start")
@nosuchmacro 1 2
