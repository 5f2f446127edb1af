"""The benchmark suite (`make bench`): tuijin measured against anchors doing the same work on the same data.
Not tests: nothing here runs in `make test`. See bench/README.md."""
