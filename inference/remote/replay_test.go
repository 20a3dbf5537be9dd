package remote

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
)

// A server that closes a kept-alive connection just as the next request
// arrives (llama-server does after a few idle seconds) must not fail the
// request: it is sent again on a fresh connection.
func TestRequestSentAgainWhenTheServerClosedAnIdleConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for n := 0; ; n++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveClosingAfterFirst(c, n == 0)
		}
	}()
	u, _ := url.Parse("http://" + ln.Addr().String())
	s := &Server{base: u, hc: &http.Client{}}
	for i := range 2 {
		req, err := s.newRequest(context.Background(), http.MethodPost, "/tokenize", map[string]string{"content": "회의"})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := s.hc.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// serveClosingAfterFirst answers one request with keep-alive; on the first
// connection it then reads the next request and closes without answering.
func serveClosingAfterFirst(c net.Conn, closeSecond bool) {
	defer c.Close()
	r := bufio.NewReader(c)
	for i := 0; ; i++ {
		req, err := http.ReadRequest(r)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		if closeSecond && i == 1 {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"tokens\":[2]}\n")
	}
}
