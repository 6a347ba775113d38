/**
 * sha256 of TinyGo and binaryen release archives, for the versions we know.
 * Neither project publishes a checksums file. These values were NOT computed
 * here (GitHub downloads are unreachable from where this was written); they are
 * the values recorded by package managers that pin those exact release assets:
 * Hermit's manifests (cashapp/hermit-packages tinygo.hcl, binaryen.hcl), with
 * TinyGo 0.32.0 and 0.38.0 cross-checked against tinygo-org/homebrew-tools'
 * tinygo.rb and 0.34.0 against a Nix expression. Add a version only with a
 * value from a published source; never compute one from an unverified download.
 * Every entry below was checked, file name to value, against the stored text
 * of those manifests.
 */
export const PINNED_SHA256: Record<string, string> = {
  // TinyGo (https://github.com/tinygo-org/tinygo/releases/download/v<v>/<file>)
  'tinygo0.28.1.linux-amd64.tar.gz':
    '74b21a03ac31d7adc1f2e3f66a45687d8c83917c84f294bfbd4ec2b45e2428c6',
  'tinygo0.29.0.linux-amd64.tar.gz':
    '46efb5d3181101f774f746120e4d0cc392b2216c3a960422f8f10cd62afdae05',
  'tinygo0.30.0.linux-amd64.tar.gz':
    '5d33610b6508b577761a7a134b0a38373232a807bf2abd97787583806a3b4920',
  'tinygo0.31.2.linux-amd64.tar.gz':
    '48a83ae9efe619124d2ecac8aba0b039ea8dabf07765b1df26692b63cfd8fab8',
  'tinygo0.31.2.linux-arm64.tar.gz':
    'b4eb0b8a994ed9bd1505fb6df087686a38933ae0f581a5babc17b7c20128c261',
  'tinygo0.32.0.linux-amd64.tar.gz':
    '3e57671ec4e532a0a9cdcfdbc29376286f9655cef7f248535388bb76b252e775',
  'tinygo0.32.0.linux-arm64.tar.gz':
    '6875f14dfa1b50d9211672d8fa37f488a98ad8935a0acd095da19bb20c8350cc',
  'tinygo0.33.0.linux-amd64.tar.gz':
    'a529eff745a9ecb78f0c086492ddc2645a53e0a37fa99e750d2d0a785a42ba91',
  'tinygo0.33.0.linux-arm64.tar.gz':
    '0b59b0910db468d4a255cbc452c5f9e740903c670486f2865120a415c558ea5d',
  'tinygo0.34.0.linux-amd64.tar.gz':
    '8acd27a39090e1e5c3ca341e81350f813ec6a02bf8090c4fc7c4b1afd4186341',
  'tinygo0.34.0.linux-arm64.tar.gz':
    'a84b5134dc5144a494e3b7e78579536aca34c77951ddd0b19c300209d8b541e1',
  'tinygo0.35.0.linux-amd64.tar.gz':
    'a6d25bec05e2ee3534ffcda3cb717336a6f4e81e4821296bff7da2fe71bf1678',
  'tinygo0.35.0.linux-arm64.tar.gz':
    '1fcf322942b5a293079af36cdfac29d545fcd341541424de82a05225b6c77803',
  'tinygo0.36.0.linux-amd64.tar.gz':
    'a593f4930d54ae0f6ed47cfc5804e30e50862dc9d3e3f4fc38b93f2ed65380b5',
  'tinygo0.36.0.linux-arm64.tar.gz':
    'cfda7c99030e0ef6f9d1a25be476044703b45980e6269a24add2139de24ec0fd',
  'tinygo0.37.0.linux-amd64.tar.gz':
    'ff3680acc0e2295db453e8e241a0cab5ea44f84586f4c5c00860822380713397',
  'tinygo0.37.0.linux-arm64.tar.gz':
    'dece4264cef3f553636482c2ba15e04ac4e1597dafc092b27c6e3da3acc4ad73',
  'tinygo0.38.0.linux-amd64.tar.gz':
    'edc3476ec69e309f0fd4afc1ec79c34e00a14bc3848a7133ac53f814e72faebd',
  'tinygo0.38.0.linux-arm64.tar.gz':
    '96db59432bfeb2e7d52c57c10724809adf806ef8b6e31ac841dc1427ad63a187',
  'tinygo0.39.0.linux-amd64.tar.gz':
    'a119801579ef0a7a4f3ee285f0caf55241eaa9e115154c2028b696770b47a846',
  'tinygo0.39.0.linux-arm64.tar.gz':
    'b2ba04d35e1020f9674ed1133de02721952ba45af2b61fa666fb8144570b02b0',
  'tinygo0.40.0.linux-amd64.tar.gz':
    'e56af1baabbf09b8b2c6320b76db57b0a9709405ea404fd9d770de8b9aa4c700',
  'tinygo0.40.0.linux-arm64.tar.gz':
    '36f5d22f53a5cdc8a71b6c62e98fa9eb8cd991618c0913baa8387bf090baa86c',
  // binaryen (https://github.com/WebAssembly/binaryen/releases/download/version_<v>/<file>)
  'binaryen-version_121-x86_64-linux.tar.gz':
    'c90e0e295e8f8484ba5b47da92f26e5d1d18db6cd2fcc0c5cc265a5a73609f17',
  'binaryen-version_121-aarch64-linux.tar.gz':
    'ec0224a9430061d8fe6f67a2c3b065d83df8a752fd5225b46eb268338c4f5242',
  'binaryen-version_122-x86_64-linux.tar.gz':
    'dcf0d3b19d55a354f0a277812cbba603d8bf0231f52adccfc83ed3387b805dcd',
  'binaryen-version_122-aarch64-linux.tar.gz':
    '532e61423c5d294737eedf76c0db9615d4a7c75efd9f5aceea3d1416e2e3d219',
  'binaryen-version_123-x86_64-linux.tar.gz':
    'e959f2170af4c20c552e9de3a0253704d6a9d2766e8fdb88e4d6ac4bae9388fe',
  'binaryen-version_123-aarch64-linux.tar.gz':
    '4b6bd61ba6cd3b18c993b4657d93426c782f9b91b74be0d38018cd8be1319376',
};
