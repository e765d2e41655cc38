module anjian.example/embedding

go 1.21
