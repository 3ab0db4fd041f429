{
  "targets": [
    {
      "target_name": "gankit_linalg",
      "sources": ["src/addon.cc", "src/covariance.cc", "src/fid_trace.cc", "src/kernel_sums.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "../src",
        "<!(pkg-config --variable=includedir openblas 2>/dev/null || echo /usr/include/x86_64-linux-gnu/openblas-pthread)"
      ],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fexceptions", "-fno-math-errno"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "libraries": ["<!@(pkg-config --libs openblas 2>/dev/null || echo -lopenblas)"]
    }
  ]
}
