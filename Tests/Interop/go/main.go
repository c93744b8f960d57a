// driverclient: the Secrets Store CSI driver's side of the provider socket, with the driver's own library (grpc-go,
// from Debian's packages): one ClientConn, insecure, dialed over a Unix socket with authority "localhost".
// Built by `make go-client`; driven by test_go_client.py. Each command prints one JSON object.
//
//	driverclient -socket S version
//	driverclient -socket S mount -request FILE          (FILE: {"attributes","target","permission","timeout_ms"})
//	driverclient -socket S mounts -requests FILE        (all at once over the one ClientConn)
//	driverclient -socket S restart                      (Version, a line on stdin, Version again)
//	driverclient -socket S abandon -requests FILE       (Mounts cancelled in flight, then the connection closed)
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"net"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	pb "driverclient/v1alpha1"
)

// request is one Mount as the test describes it.
type request struct {
	Attributes string `json:"attributes"`
	Secrets    string `json:"secrets"`
	Target     string `json:"target"`
	Permission string `json:"permission"`
	TimeoutMs  int    `json:"timeout_ms"`
}

// outcome is one Mount's result: its files, or the status the driver would surface.
type outcome struct {
	Code     string            `json:"code"`
	Message  string            `json:"message,omitempty"`
	Files    map[string]string `json:"files,omitempty"`
	Versions int               `json:"versions"`
	Millis   int64             `json:"ms"`
}

// settingsWatch reads the server's HTTP/2 SETTINGS frames as they arrive on the connection, to report the stream
// limit grpc-go was given (0x3, SETTINGS_MAX_CONCURRENT_STREAMS; -1 while none was advertised).
type settingsWatch struct {
	net.Conn
	mu        sync.Mutex
	buffer    []byte
	maxStream int64
	done      bool
}

func (c *settingsWatch) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done && n > 0 {
		c.buffer = append(c.buffer, p[:n]...)
		for len(c.buffer) >= 9 {
			length := int(c.buffer[0])<<16 | int(c.buffer[1])<<8 | int(c.buffer[2])
			if len(c.buffer) < 9+length {
				break
			}
			frameType, flags, payload := c.buffer[3], c.buffer[4], c.buffer[9:9+length]
			if frameType == 0x4 && flags&0x1 == 0 {
				for i := 0; i+6 <= len(payload); i += 6 {
					if binary.BigEndian.Uint16(payload[i:]) == 0x3 {
						c.maxStream = int64(binary.BigEndian.Uint32(payload[i+2:]))
					}
				}
				c.done = true
			}
			c.buffer = c.buffer[9+length:]
			if c.done || len(c.buffer) > 1<<16 {
				c.buffer = nil
				c.done = true
				break
			}
		}
	}
	return n, err
}

var watches struct {
	sync.Mutex
	all []*settingsWatch
}

func dial(socket string) *grpc.ClientConn {
	// As the driver dials its providers: a context dialer for the Unix socket, no TLS, authority localhost.
	conn, err := grpc.DialContext(context.Background(), socket,
		grpc.WithInsecure(), grpc.WithAuthority("localhost"),
		grpc.WithContextDialer(func(ctx context.Context, target string) (net.Conn, error) {
			raw, err := (&net.Dialer{}).DialContext(ctx, "unix", target)
			if err != nil {
				return nil, err
			}
			watch := &settingsWatch{Conn: raw, maxStream: -1}
			watches.Lock()
			watches.all = append(watches.all, watch)
			watches.Unlock()
			return watch, nil
		}))
	if err != nil {
		fail(err)
	}
	return conn
}

func mount(client pb.CSIDriverProviderClient, r request) outcome {
	timeout := time.Duration(r.TimeoutMs) * time.Millisecond
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	permission := r.Permission
	if permission == "" {
		permission = "420"
	}
	secrets := r.Secrets
	if secrets == "" {
		secrets = "null"
	}
	started := time.Now()
	response, err := client.Mount(ctx, &pb.MountRequest{Attributes: r.Attributes, Secrets: secrets, TargetPath: r.Target, Permission: permission})
	result := outcome{Millis: time.Since(started).Milliseconds()}
	if err != nil {
		s := status.Convert(err)
		result.Code, result.Message = s.Code().String(), s.Message()
		return result
	}
	result.Code = "OK"
	result.Files = map[string]string{}
	for _, file := range response.GetFiles() {
		result.Files[file.GetPath()] = string(file.GetContents())
	}
	result.Versions = len(response.GetObjectVersion())
	return result
}

func readJSON(path string, into interface{}) {
	data, err := ioutil.ReadFile(path)
	if err != nil {
		fail(err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		fail(err)
	}
}

func print(value interface{}) {
	data, err := json.Marshal(value)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(data))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "driverclient:", err)
	os.Exit(1)
}

func maxStreams() int64 {
	watches.Lock()
	defer watches.Unlock()
	if len(watches.all) == 0 {
		return -1
	}
	return watches.all[len(watches.all)-1].maxStream
}

func main() {
	socket := flag.String("socket", "", "the provider's Unix socket")
	flag.Parse()
	if *socket == "" || flag.NArg() < 1 {
		fail(fmt.Errorf("usage: driverclient -socket S version|mount|mounts ..."))
	}
	conn := dial(*socket)
	defer conn.Close()
	client := pb.NewCSIDriverProviderClient(conn)
	command, rest := flag.Arg(0), flag.Args()[1:]
	switch command {
	case "version":
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		response, err := client.Version(ctx, &pb.VersionRequest{Version: "v1alpha1"})
		if err != nil {
			fail(err)
		}
		print(map[string]interface{}{"version": response.GetVersion(), "runtime_name": response.GetRuntimeName(),
			"runtime_version": response.GetRuntimeVersion(), "max_concurrent_streams": maxStreams()})
	case "mount":
		flags := flag.NewFlagSet("mount", flag.ExitOnError)
		file := flags.String("request", "", "a JSON request")
		flags.Parse(rest)
		var r request
		readJSON(*file, &r)
		print(mount(client, r))
	case "mounts":
		flags := flag.NewFlagSet("mounts", flag.ExitOnError)
		file := flags.String("requests", "", "a JSON list of requests")
		flags.Parse(rest)
		var requests []request
		readJSON(*file, &requests)
		outcomes := make([]outcome, len(requests))
		var group sync.WaitGroup
		started := time.Now()
		for index := range requests {
			group.Add(1)
			go func(index int) {
				defer group.Done()
				outcomes[index] = mount(client, requests[index])
			}(index)
		}
		group.Wait()
		print(map[string]interface{}{"outcomes": outcomes, "ms": time.Since(started).Milliseconds(),
			"max_concurrent_streams": maxStreams()})
	case "abandon":
		// The client goes away: every Mount in flight is cancelled after -after, then the connection closes. Reports
		// how long the calls took to return once cancelled (a hang would never return).
		flags := flag.NewFlagSet("abandon", flag.ExitOnError)
		file := flags.String("requests", "", "a JSON list of requests")
		after := flags.Duration("after", time.Second, "how long the Mounts run before they are cancelled")
		flags.Parse(rest)
		var requests []request
		readJSON(*file, &requests)
		ctx, cancel := context.WithCancel(context.Background())
		codes := make([]string, len(requests))
		var group sync.WaitGroup
		for index := range requests {
			group.Add(1)
			go func(index int) {
				defer group.Done()
				r := requests[index]
				_, err := client.Mount(ctx, &pb.MountRequest{Attributes: r.Attributes, Secrets: "null", TargetPath: r.Target, Permission: "420"})
				codes[index] = status.Code(err).String()
			}(index)
		}
		time.Sleep(*after)
		cancelled := time.Now()
		cancel()
		group.Wait()
		returned := time.Since(cancelled).Milliseconds()
		conn.Close()
		print(map[string]interface{}{"codes": codes, "returned_ms": returned})
	case "restart":
		// Version, then (once the test has replaced the provider and says so on stdin) Version again on the same
		// ClientConn: grpc-go must reconnect to the new instance by itself, as the driver's connection would.
		version := func() map[string]interface{} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			response, err := client.Version(ctx, &pb.VersionRequest{Version: "v1alpha1"})
			if err != nil {
				return map[string]interface{}{"code": status.Code(err).String(), "message": status.Convert(err).Message()}
			}
			return map[string]interface{}{"version": response.GetVersion()}
		}
		print(version())
		var line string
		fmt.Scanln(&line)
		print(version())
	default:
		fail(fmt.Errorf("unknown command %q", command))
	}
}
