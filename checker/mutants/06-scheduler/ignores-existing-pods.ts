// Compares the pod's requests with the node's allocatable as if the node were empty: what its pods already request
// is left out, both when filtering and when scoring.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "노드의 파드들이 이미 요청한 자원을 빼지 않는다", en: "ignores what the node's pods already request" },
  replace: [
    { from: "const noCPU = want.milliCPU > 0 && want.milliCPU > allocatable.milliCPU - requested.milliCPU;", to: "const noCPU = want.milliCPU > 0 && want.milliCPU > allocatable.milliCPU;" },
    { from: "const noMemory = want.memory > 0 && want.memory > allocatable.memory - requested.memory;", to: "const noMemory = want.memory > 0 && want.memory > allocatable.memory;" },
    { from: "{ milliCPU: info.nonZeroRequested.milliCPU + req.milliCPU, memory: info.nonZeroRequested.memory + req.memory }", to: "{ milliCPU: req.milliCPU, memory: req.memory }" },
  ],
});
