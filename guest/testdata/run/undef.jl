function h()
    return missing_name + 1
end
h()
