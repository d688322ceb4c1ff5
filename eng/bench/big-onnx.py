# Writes an ONNX model of about <MiB> MiB of random float weights (incompressible: the artefact is as large as the model),
# streamed in 16 MiB pieces so the generator's memory stays small. Usage: python3 eng/bench/big-onnx.py <model.onnx> <MiB>
import os, sys
path, mib = sys.argv[1], int(sys.argv[2])
n = mib * 1024 * 1024 // 4  # float32 elements
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F; v >>= 7
        if v: out.append(b | 0x80)
        else: out.append(b); return bytes(out)
def field(num, wire, payload):
    key = varint((num << 3) | wire)
    return key + (varint(payload) if wire == 0 else varint(len(payload)) + payload)
def s(num, text): return field(num, 2, text.encode())
def value_info(name):
    dim = field(1, 2, field(1, 0, n))                    # TensorShapeProto.dim { dim_value }
    tensor = field(1, 0, 1) + field(2, 2, dim)           # elem_type FLOAT, shape
    return s(1, name) + field(2, 2, field(1, 2, tensor)) # name, type { tensor_type }
node = s(1, "X") + s(1, "W") + s(2, "Y") + s(4, "Add")
raw_len = n * 4
tensor_head = field(1, 0, n) + field(2, 0, 1) + s(8, "W") + varint((9 << 3) | 2) + varint(raw_len)
initializer_len = len(tensor_head) + raw_len
graph_head = field(1, 2, node) + s(2, "bench") + varint((5 << 3) | 2) + varint(initializer_len) + tensor_head
graph_tail = field(11, 2, value_info("X")) + field(12, 2, value_info("Y"))
graph_len = len(graph_head) + raw_len + len(graph_tail)
head = field(1, 0, 8) + s(2, "bench") + field(8, 2, s(1, "") + field(2, 0, 17)) + varint((7 << 3) | 2) + varint(graph_len) + graph_head
with open(path, "wb") as f:
    f.write(head)
    left = raw_len
    while left:
        chunk = min(left, 16 << 20)
        f.write(os.urandom(chunk)); left -= chunk
    f.write(graph_tail)
