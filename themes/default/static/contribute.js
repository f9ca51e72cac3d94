// filled in by the contribution form work
