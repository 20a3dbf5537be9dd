package llama

import (
	"sync"
)

// Device is an opaque ggml_backend_dev_t.
type Device uintptr

// Device types, as enum ggml_backend_dev_type.
const (
	DeviceCPU   = 0
	DeviceGPU   = 1
	DeviceIGPU  = 2
	DeviceAccel = 3
	DeviceMeta  = 4
)

// void llama_backend_init(void);
var llamaBackendInit func()

// void ggml_backend_load_all_from_path(const char * dir_path);
var ggmlBackendLoadAllFromPath func(dir string)

// size_t ggml_backend_dev_count(void);
var ggmlBackendDevCount func() uintptr

// ggml_backend_dev_t ggml_backend_dev_get(size_t index);
var ggmlBackendDevGet func(index uintptr) Device

// const char * ggml_backend_dev_name(ggml_backend_dev_t device);
var ggmlBackendDevName func(d Device) string

// const char * ggml_backend_dev_description(ggml_backend_dev_t device);
var ggmlBackendDevDescription func(d Device) string

// enum ggml_backend_dev_type ggml_backend_dev_type(ggml_backend_dev_t device);
var ggmlBackendDevType func(d Device) int32

// void ggml_backend_dev_memory(ggml_backend_dev_t device, size_t * free, size_t * total);
var ggmlBackendDevMemory func(d Device, free, total *uintptr)

// const char * llama_print_system_info(void);
var llamaPrintSystemInfo func() string

// bool llama_supports_gpu_offload(void);
var llamaSupportsGPUOffload func() bool

var backendSymbols = []symbol{
	{name: "llama_backend_init", fptr: &llamaBackendInit},
	{name: "ggml_backend_load_all_from_path", fptr: &ggmlBackendLoadAllFromPath},
	{name: "ggml_backend_dev_count", fptr: &ggmlBackendDevCount},
	{name: "ggml_backend_dev_get", fptr: &ggmlBackendDevGet},
	{name: "ggml_backend_dev_name", fptr: &ggmlBackendDevName},
	{name: "ggml_backend_dev_description", fptr: &ggmlBackendDevDescription},
	{name: "ggml_backend_dev_type", fptr: &ggmlBackendDevType},
	{name: "ggml_backend_dev_memory", fptr: &ggmlBackendDevMemory},
	{name: "llama_print_system_info", fptr: &llamaPrintSystemInfo},
	{name: "llama_supports_gpu_offload", fptr: &llamaSupportsGPUOffload},
}

var backendOnce sync.Once

// LoadBackends initializes llama.cpp and loads the backend modules of dir
// (the best libggml-cpu-* variant for this processor, and GPU backends whose
// driver is present; a GPU module whose driver is missing fails to load
// quietly, leaving the CPU). Once per process; call after Load.
func LoadBackends(dir string) {
	backendOnce.Do(func() {
		// GPU modules probed here may print to the C runtime's stderr
		// past the log callback (ggml-vulkan on Windows); see captureCRTStderr.
		restore := captureCRTStderr()
		defer restore()
		llamaBackendInit()
		ggmlBackendLoadAllFromPath(dir)
	})
}

// DeviceInfo describes one backend device.
type DeviceInfo struct {
	Handle      Device
	Name        string
	Description string
	Type        int
	FreeBytes   uint64
	TotalBytes  uint64
}

// Devices lists the devices of the loaded backends.
func Devices() []DeviceInfo {
	n := int(ggmlBackendDevCount())
	out := make([]DeviceInfo, 0, n)
	for i := range n {
		d := ggmlBackendDevGet(uintptr(i))
		if d == 0 {
			continue
		}
		var free, total uintptr
		ggmlBackendDevMemory(d, &free, &total)
		out = append(out, DeviceInfo{
			Handle:      d,
			Name:        ggmlBackendDevName(d),
			Description: ggmlBackendDevDescription(d),
			Type:        int(ggmlBackendDevType(d)),
			FreeBytes:   uint64(free),
			TotalBytes:  uint64(total),
		})
	}
	return out
}

// SystemInfo is llama.cpp's one-line description of the CPU features in use.
func SystemInfo() string { return llamaPrintSystemInfo() }

// SupportsGPUOffload reports whether a loaded backend can take model layers.
func SupportsGPUOffload() bool { return llamaSupportsGPUOffload() }
