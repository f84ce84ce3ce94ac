{
  "targets": [
    {
      "target_name": "tempest_mpi",
      "sources": ["src/tempest_mpi.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS", "OMPI_SKIP_MPICXX=1", "MPICH_SKIP_MPICXX=1"],
      "cflags_cc": ["-std=c++17", "-O2", "<!@(node scripts/mpi-flags.cjs --cflags)"],
      "libraries": ["<!@(node scripts/mpi-flags.cjs --libs)", "-ldl"],
      "ldflags": ["<!@(node scripts/mpi-flags.cjs --rpath)"]
    }
  ]
}
