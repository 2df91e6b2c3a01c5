//===- ModelLoader.cpp - open and run any model .so -----------------------===//
//
// This file implements .npy/.npz I/O for host tools and the Model class,
// which drives a model .so through its fixed-name tfs_model_* entries.
//
//===----------------------------------------------------------------------===//

#include "tfs/Runtime/ModelLoader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <dlfcn.h>

using namespace tfs;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

static Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

int64_t Array::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::string tfs::describeArray(int32_t dtype, llvm::ArrayRef<int64_t> shape) {
  return std::string(tfs_rt_dtype_name(dtype)) + " " + shapeText(shape);
}

std::string Array::describe() const { return describeArray(dtype, shape); }

//===----------------------------------------------------------------------===//
// .npy / .npz
//===----------------------------------------------------------------------===//

static const struct {
  const char *descr;
  int32_t dtype;
} kDescrs[] = {{"<f4", TFS_FLOAT}, {"<f8", TFS_DOUBLE}, {"<i4", TFS_INT32},
               {"<i8", TFS_INT64}, {"<i2", TFS_INT16},  {"|i1", TFS_INT8},
               {"|u1", TFS_UINT8}, {"|b1", TFS_BOOL},   {"<f2", TFS_HALF}};

Expected<Array> tfs::parseNpy(StringRef bytes, StringRef what) {
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return error(what + " is not an .npy array");
  size_t headerLen, start;
  if (bytes[6] == 1) {
    headerLen = uint8_t(bytes[8]) | uint8_t(bytes[9]) << 8;
    start = 10;
  } else {
    if (bytes.size() < 12)
      return error(what + " is truncated");
    headerLen = uint8_t(bytes[8]) | uint8_t(bytes[9]) << 8 |
                uint32_t(uint8_t(bytes[10])) << 16 |
                uint32_t(uint8_t(bytes[11])) << 24;
    start = 12;
  }
  if (start + headerLen > bytes.size())
    return error(what + " is truncated");
  StringRef header = bytes.substr(start, headerLen);
  size_t d = header.find("'descr': '");
  size_t s = header.find("'shape': (");
  if (d == StringRef::npos || s == StringRef::npos)
    return error(what + " has a malformed .npy header");
  if (header.contains("'fortran_order': True"))
    return error(what + " is in Fortran order; save it C-contiguous");
  StringRef descr =
      header.substr(d + 10).take_until([](char c) { return c == '\''; });
  Array array;
  for (auto &entry : kDescrs)
    if (descr == entry.descr)
      array.dtype = entry.dtype;
  if (!array.dtype)
    return error(what + " has unsupported dtype '" + descr + "'");
  StringRef dims =
      header.substr(s + 10).take_until([](char c) { return c == ')'; });
  llvm::SmallVector<StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim))
      return error(what + " has a malformed shape '" + dims + "'");
    array.shape.push_back(dim);
  }
  size_t byteSize = array.numElements() * tfs_rt_dtype_size(array.dtype);
  if (bytes.size() - start - headerLen != byteSize)
    return error(llvm::formatv("{0} holds {1} data bytes, its header says {2}",
                               what, bytes.size() - start - headerLen,
                               byteSize));
  StringRef data = bytes.substr(start + headerLen);
  array.data.assign(data.begin(), data.end());
  return array;
}

Expected<Array> tfs::readNpy(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return error("cannot read " + path + ": " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

static uint16_t get16(StringRef b, size_t at) {
  return uint8_t(b[at]) | uint8_t(b[at + 1]) << 8;
}
static uint32_t get32(StringRef b, size_t at) {
  return get16(b, at) | uint32_t(get16(b, at + 2)) << 16;
}

Expected<std::map<std::string, Array>> tfs::readNpz(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, false, false);
  if (!buffer)
    return error("cannot read " + path + ": " + buffer.getError().message());
  StringRef file = (*buffer)->getBuffer();
  std::map<std::string, Array> arrays;
  size_t pos = 0;
  while (pos + 30 <= file.size() && get32(file, pos) == 0x04034b50u) {
    uint16_t flags = get16(file, pos + 6), method = get16(file, pos + 8);
    size_t size = get32(file, pos + 18), nameLen = get16(file, pos + 26),
           extraLen = get16(file, pos + 28);
    size_t start = pos + 30 + nameLen + extraLen;
    std::string key = file.substr(pos + 30, nameLen).str();
    if (StringRef(key).ends_with(".npy"))
      key.resize(key.size() - 4);
    if (method != 0 || (flags & 8))
      return error(path + ": entry '" + key +
                   "' is compressed; save with numpy.savez, not "
                   "numpy.savez_compressed");
    if (start + size > file.size())
      return error(path + ": entry '" + key + "' is truncated");
    StringRef data = file.substr(start, size);
    if (llvm::crc32(llvm::arrayRefFromStringRef(data)) != get32(file, pos + 14))
      return error(path + ": entry '" + key + "' fails its CRC check");
    auto array = parseNpy(data, (path + ":" + key).str());
    if (!array)
      return array.takeError();
    arrays[key] = std::move(*array);
    pos = start + size;
  }
  if (pos == 0 || (pos + 4 <= file.size() && get32(file, pos) != 0x02014b50u &&
                   get32(file, pos) != 0x06054b50u))
    return error(path + " is not a valid .npz archive");
  return arrays;
}

static std::string npyBytes(const Array &array) {
  const char *descr = nullptr;
  for (auto &entry : kDescrs)
    if (entry.dtype == array.dtype)
      descr = entry.descr;
  std::string dict =
      llvm::formatv("{{'descr': '{0}', 'fortran_order': False, 'shape': {1}, }",
                    descr ? descr : "|V1", shapeText(array.shape))
          .str();
  size_t total = 10 + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  std::string out = "\x93NUMPY\x01";
  out.push_back('\0');
  out.push_back(char((padded - 10) & 0xff));
  out.push_back(char((padded - 10) >> 8));
  out += dict;
  out.append(padded - total, ' ');
  out.push_back('\n');
  out.append(array.data.begin(), array.data.end());
  return out;
}

Error tfs::writeNpz(StringRef path,
                    const std::vector<std::pair<std::string, Array>> &arrays) {
  std::string zip, central;
  auto put16 = [](std::string &s, uint16_t v) {
    s.push_back(char(v));
    s.push_back(char(v >> 8));
  };
  auto put32 = [&](std::string &s, uint32_t v) {
    put16(s, uint16_t(v));
    put16(s, uint16_t(v >> 16));
  };
  for (const auto &[key, array] : arrays) {
    std::string name = key + ".npy", data = npyBytes(array);
    uint32_t crc = llvm::crc32(llvm::arrayRefFromStringRef(data));
    uint32_t offset = zip.size();
    put32(zip, 0x04034b50u);
    put16(zip, 20);
    put16(zip, 0);
    put16(zip, 0);
    put32(zip, 0);
    put32(zip, crc);
    put32(zip, data.size());
    put32(zip, data.size());
    put16(zip, name.size());
    put16(zip, 0);
    zip += name + data;
    put32(central, 0x02014b50u);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, crc);
    put32(central, data.size());
    put32(central, data.size());
    put16(central, name.size());
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += name;
  }
  uint32_t centralOffset = zip.size();
  zip += central;
  put32(zip, 0x06054b50u);
  put16(zip, 0);
  put16(zip, 0);
  put16(zip, arrays.size());
  put16(zip, arrays.size());
  put32(zip, central.size());
  put32(zip, centralOffset);
  put16(zip, 0);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return error("cannot write " + path + ": " + ec.message());
  os << zip;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

Expected<std::unique_ptr<Model>> Model::open(StringRef path) {
  std::unique_ptr<Model> model(new Model());
  std::string file = path.str();
  if (!llvm::sys::fs::exists(file))
    return error("cannot open model " + path + ": no such file");
  // dlopen looks a name without a '/' up in the library path, not in the
  // current directory where the file was just found.
  if (file.find('/') == std::string::npos)
    file = "./" + file;
  model->handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!model->handle)
    return error("cannot open model " + path + ": " + dlerror());
  auto *getInfo = reinterpret_cast<const tfs_model_info *(*)()>(
      dlsym(model->handle, "tfs_model_get_info"));
  model->runFn = reinterpret_cast<decltype(model->runFn)>(
      dlsym(model->handle, "tfs_model_run"));
  model->initFn = reinterpret_cast<decltype(model->initFn)>(
      dlsym(model->handle, "tfs_model_init"));
  model->loadFn = reinterpret_cast<decltype(model->loadFn)>(
      dlsym(model->handle, "tfs_model_load_npz"));
  model->saveFn = reinterpret_cast<decltype(model->saveFn)>(
      dlsym(model->handle, "tfs_model_save_npz"));
  model->errorFn = reinterpret_cast<decltype(model->errorFn)>(
      dlsym(model->handle, "tfs_model_last_error"));
  model->setThreadsFn = reinterpret_cast<decltype(model->setThreadsFn)>(
      dlsym(model->handle, "tfs_model_set_num_threads"));
  model->getThreadsFn = reinterpret_cast<decltype(model->getThreadsFn)>(
      dlsym(model->handle, "tfs_model_get_num_threads"));
  if (!getInfo || !model->runFn || !model->initFn || !model->loadFn ||
      !model->saveFn || !model->errorFn || !model->setThreadsFn ||
      !model->getThreadsFn)
    return error(path + " is not a tfsc model (tfs_model_* entries missing)");
  model->infoTable = getInfo();
  if (model->infoTable->abi_version != TFS_ABI_VERSION)
    return error(llvm::formatv("{0} was built for model ABI {1}; this tool "
                               "speaks ABI {2}",
                               path, model->infoTable->abi_version,
                               TFS_ABI_VERSION));
  return model;
}

Model::~Model() {
  if (handle)
    dlclose(handle);
}

Error Model::lastError(StringRef what) const {
  return error(what + ": " + errorFn());
}

Error Model::init() {
  if (initFn() != TFS_OK)
    return lastError("init");
  return Error::success();
}

Error Model::setNumThreads(int32_t n) {
  if (setThreadsFn(n) != TFS_OK)
    return lastError("threads");
  return Error::success();
}

Error Model::loadNpz(StringRef path) {
  if (loadFn(path.str().c_str()) != TFS_OK)
    return error(errorFn());
  return Error::success();
}

Error Model::saveNpz(StringRef path) {
  if (saveFn(path.str().c_str()) != TFS_OK)
    return error(errorFn());
  return Error::success();
}

Error Model::runInto(const std::map<std::string, Array> &inputs,
                     std::vector<std::pair<std::string, Array>> &outputs) {
  std::vector<tfs_tensor_arg> in, out;
  for (const auto &[name, array] : inputs)
    in.push_back({name.c_str(), array.dtype, int32_t(array.shape.size()),
                  array.shape.data(), const_cast<char *>(array.data.data())});
  for (auto &[name, array] : outputs)
    out.push_back({name.c_str(), array.dtype, int32_t(array.shape.size()),
                   array.shape.data(), array.data.data()});
  if (runFn(int32_t(in.size()), in.data(), int32_t(out.size()), out.data()) !=
      TFS_OK)
    return error(errorFn());
  return Error::success();
}

Expected<std::vector<std::pair<std::string, Array>>>
Model::run(const std::map<std::string, Array> &inputs) {
  std::vector<std::pair<std::string, Array>> outputs;
  for (int32_t i = 0; i < infoTable->num_fetches; ++i) {
    const tfs_tensor_desc &desc = infoTable->fetches[i];
    Array array;
    array.dtype = desc.dtype;
    array.shape.assign(desc.shape, desc.shape + desc.rank);
    array.data.resize(desc.byte_size);
    outputs.emplace_back(desc.name, std::move(array));
  }
  if (Error err = runInto(inputs, outputs))
    return std::move(err);
  return outputs;
}
