{
  "variables": {
    "sanitize%": "<!(node -p \"process.env.GANKIT_NATIVE_SANITIZE || ''\")"
  },
  "targets": [
    {
      "target_name": "gankit_native",
      "sources": [
        "src/addon.cc",
        "src/store.cc",
        "src/elementwise.cc",
        "src/reduce.cc",
        "src/layout.cc",
        "src/conv.cc",
        "src/matmul.cc",
        "src/norm_random.cc",
        "src/instance_norm.cc",
        "src/pool.cc",
        "src/signals.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      # -fno-trapping-math: GCC otherwise keeps a conditional multiply (LeakyRelu's `v < 0 ? alpha * v : v`,
      # Prelu, EluGrad) as a branch, scalar and mispredicted on random signs: 3 ms instead of 0.1 ms on
      # 512 K elements. It lets loops if-convert and changes no value (no reassociation, no contraction).
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fopenmp", "-fexceptions", "-fno-math-errno", "-fno-trapping-math"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "libraries": ["-ldnnl", "-lmvec", "-fopenmp"],
      "conditions": [
        ["sanitize!=''", {
          "cflags_cc": ["-fsanitize=<(sanitize)", "-fno-omit-frame-pointer", "-g"],
          "ldflags": ["-fsanitize=<(sanitize)"]
        }]
      ]
    }
  ]
}
